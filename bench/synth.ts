/**
 * npm run bench — synth cost of the gate and of scale, and the suite's wall time.
 * Every measurement is a fresh process (module loading included, as `cdk synth` pays it),
 * run REPEAT times; the table shows the median wall time and the peak RSS.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const rss = path.join(__dirname, 'rss-on-exit.cjs');

interface Sample { ms: number; rssMiB: number }

function run(label: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['-r', rss, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr.slice(-3000)}`);
    const kb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
    samples.push({ ms, rssMiB: kb / 1024 });
  }
  samples.sort((a, b) => a.ms - b.ms);
  return { ms: samples[Math.floor(samples.length / 2)].ms, rssMiB: Math.max(...samples.map((s) => s.rssMiB)) };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const tsx = ['--import', 'tsx'];
const synth = (shape: string, checks: string) => [...tsx, 'bench/synth-app.ts', shape, checks, tmp()];

function main(): void {
  const rows: Array<[string, Sample]> = [];
  const measure = (label: string, args: string[], env?: NodeJS.ProcessEnv) => {
    const s = run(label, args, env);
    rows.push([label, s]);
    process.stderr.write(`${label}: ${(s.ms / 1000).toFixed(2)} s\n`);
    return s;
  };

  const none = measure('three-tier x1, no checks', synth('copies:1', 'none'));
  const packs = measure('three-tier x1, packs only (cdk-nag x3, gap, Control Tower)', synth('copies:1', 'packs'));
  const all = measure('three-tier x1, all checks (packs + CloudFormation validation)', synth('copies:1', 'all'));
  const reference = measure('reference app (3 stacks), all checks, tsx', synth('reference', 'all'));
  const tsNode = measure('reference app (3 stacks), all checks, ts-node (cdk init default)',
    ['-r', 'ts-node/register', 'bench/synth-app.ts', 'reference', 'all', tmp()]);
  const scale: Array<[number, Sample]> = [[1, all]];
  for (const n of [2, 4, 8]) scale.push([n, measure(`three-tier x${n}, all checks`, synth(`copies:${n}`, 'all'))]);

  const start = process.hrtime.bigint();
  const suite = spawnSync('npm', ['test'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const suiteMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (suite.status !== 0) throw new Error(`npm test failed:\n${suite.stdout.slice(-3000)}`);

  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nMedian of ${REPEAT} fresh processes; ${os.cpus().length} cores.\n`);
  console.log('| run | wall time | peak RSS | ratio |');
  console.log('|---|---:|---:|---|');
  for (const [label, s] of rows) {
    const ratio = label.startsWith('three-tier x1,') ? `${(s.ms / none.ms).toFixed(2)}x no checks`
      : label.includes('ts-node') ? `${(s.ms / reference.ms).toFixed(2)}x tsx`
        : label.startsWith('three-tier x') ? `${(s.ms / all.ms).toFixed(2)}x one copy` : '';
    console.log(`| ${label} | ${f(s.ms)} | ${s.rssMiB.toFixed(0)} MiB | ${ratio} |`);
  }
  console.log(`| npm test (tsc --noEmit + jest) | ${f(suiteMs)} | | target < 60 s: ${suiteMs < 60_000 ? 'MET' : 'MISSED'} |`);
  const packsCost = packs.ms / none.ms - 1;
  const allCost = all.ms / none.ms - 1;
  console.log(`\nThe packs add ${(packsCost * 100).toFixed(0)}% to a synth (target <= 30%: ${packsCost <= 0.3 ? 'MET' : 'MISSED'}); ` +
    `with aws-cdk-lib's CloudFormation validation, all checks add ${(allCost * 100).toFixed(0)}%.`);
  const per = scale.map(([n, s]) => s.ms / n);
  console.log(`Per three-tier stack: ${per.map((ms, i) => `x${scale[i][0]} ${f(ms)}`).join(', ')} ` +
    `(linear if flat; x8/x1 per-stack ratio ${(per[per.length - 1] / per[0]).toFixed(2)}). ts-node costs ${(tsNode.ms / reference.ms).toFixed(1)}x tsx.`);
}

main();
