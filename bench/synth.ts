/**
 * npm run bench — synth cost of the gate and of scale, and the suite's wall time.
 * Every measurement is a fresh process (module loading included, as `cdk synth` pays it),
 * run REPEAT times; the table shows the median wall time, the median CPU time (user + system,
 * child processes included: it stays meaningful when other work shares the cores) and the peak RSS.
 *
 *   BENCH_REPEAT=5   repetitions per row (default 3)
 *   BENCH_QUICK=1    skip the ts-node row and the x2/x4/x8 scale rows
 *   BENCH_NO_TEST=1  skip the `npm test` wall time
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const QUICK = process.env.BENCH_QUICK === '1';
const rss = path.join(__dirname, 'rss-on-exit.cjs');

interface Sample { ms: number; cpuMs: number; rssMiB: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `times` after the child: the shell's children's user and system time, grandchildren waited for included. */
const CHILD_TIMES = '"$@"; s=$?; times >&2; exit $s';

function run(label: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync('bash', ['-c', CHILD_TIMES, 'bash', process.execPath, '-r', rss, ...args], {
      cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr.slice(-3000)}`);
    const kb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
    samples.push({ ms, cpuMs: childCpuMs(result.stderr), rssMiB: kb / 1024 });
  }
  return { ms: median(samples.map((s) => s.ms)), cpuMs: median(samples.map((s) => s.cpuMs)), rssMiB: Math.max(...samples.map((s) => s.rssMiB)) };
}

/** Parses the second line of bash's `times` ("0m1.234s 0m0.056s"): the children's user + system time. */
function childCpuMs(stderr: string): number {
  const lines = stderr.trim().split('\n').filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
  const last = lines[lines.length - 1];
  if (!last) return NaN;
  return last.trim().split(' ').map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t)!;
    return (Number(m[1]) * 60 + Number(m[2])) * 1000;
  }).reduce((a, b) => a + b, 0);
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const tsx = ['--import', 'tsx'];
const synth = (shape: string, checks: string) => [...tsx, 'bench/synth-app.ts', shape, checks, tmp()];

function main(): void {
  const rows: Array<[string, Sample, string]> = [];
  const measure = (label: string, args: string[], env?: NodeJS.ProcessEnv, ratio = '') => {
    const s = run(label, args, env);
    rows.push([label, s, ratio]);
    process.stderr.write(`${label}: ${(s.ms / 1000).toFixed(2)} s wall, ${(s.cpuMs / 1000).toFixed(2)} s CPU\n`);
    return s;
  };
  const x = (a: Sample, b: Sample) => `${(a.ms / b.ms).toFixed(2)}× wall, ${(a.cpuMs / b.cpuMs).toFixed(2)}× CPU`;

  const none = measure('three-tier ×1, no checks, validation off', synth('copies:1', 'none'));
  const plain = measure('three-tier ×1, default synth (aws-cdk-lib validation on, no gate)', synth('copies:1', 'default'));
  const all = measure('three-tier ×1, gated synth (every pack + aws-cdk-lib validation)', synth('copies:1', 'all'));
  rows[rows.length - 1][2] = `${x(all, plain)} default synth`;
  const noCt = measure('three-tier ×1, gated synth without the Control Tower pack', synth('copies:1', 'all'), { BENCH_DISABLE: 'ControlTowerGuard' });
  rows[rows.length - 1][2] = `${x(noCt, plain)} default synth`;
  const packs = measure('three-tier ×1, packs only (validation off)', synth('copies:1', 'packs'));
  rows[rows.length - 1][2] = `${x(packs, none)} no checks`;
  const reference = measure('reference app (3 stacks), gated, tsx', synth('reference', 'all'));
  let tsNode: Sample | undefined;
  const scale: Array<[number, Sample]> = [[1, all]];
  if (!QUICK) {
    tsNode = measure('reference app (3 stacks), gated, ts-node', ['-r', 'ts-node/register', 'bench/synth-app.ts', 'reference', 'all', tmp()]);
    rows[rows.length - 1][2] = `${x(tsNode, reference)} tsx`;
    for (const n of [2, 4, 8]) {
      const s = measure(`three-tier ×${n}, gated`, synth(`copies:${n}`, 'all'));
      rows[rows.length - 1][2] = `${x(s, all)} one copy`;
      scale.push([n, s]);
    }
  }

  let suiteMs: number | undefined;
  if (process.env.BENCH_NO_TEST !== '1') {
    const start = process.hrtime.bigint();
    const suite = spawnSync('npm', ['test'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    suiteMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (suite.status !== 0) throw new Error(`npm test failed:\n${suite.stdout.slice(-3000)}`);
  }

  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const load = os.loadavg()[0].toFixed(1);
  console.log(`\nMedian of ${REPEAT} fresh processes; ${os.cpus().length} cores; load average at the end ${load}.\n`);
  console.log('| run | wall time | CPU time | peak RSS | ratio |');
  console.log('|---|---:|---:|---:|---|');
  for (const [label, s, ratio] of rows) console.log(`| ${label} | ${f(s.ms)} | ${f(s.cpuMs)} | ${s.rssMiB.toFixed(0)} MiB | ${ratio} |`);
  if (suiteMs !== undefined) console.log(`| npm test (tsc --noEmit + jest) | ${f(suiteMs)} | | | |`);
  const overhead = all.cpuMs / plain.cpuMs;
  console.log(`\nGate overhead over the default synth: ${(all.ms / plain.ms).toFixed(2)}× wall, ${overhead.toFixed(2)}× CPU ` +
    `(target <= 1.15×: ${overhead <= 1.15 ? 'MET' : 'MISSED'} by CPU time). ` +
    `Control Tower pack: +${f(all.cpuMs - noCt.cpuMs)} CPU; the other packs: +${f(noCt.cpuMs - plain.cpuMs)} CPU.`);
  if (scale.length > 1) {
    const per = scale.map(([n, s]) => s.cpuMs / n);
    console.log(`CPU per three-tier stack: ${per.map((ms, i) => `×${scale[i][0]} ${f(ms)}`).join(', ')}.`);
  }
  if (tsNode) console.log(`ts-node costs ${(tsNode.ms / reference.ms).toFixed(1)}× tsx.`);
}

main();
