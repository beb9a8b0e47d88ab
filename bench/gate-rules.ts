/**
 * npm run bench:rules — what each gate plugin and each HipaaGapChecks rule costs on the
 * reference app, so a change to the gate shows its price.
 *
 * 1. Synthesizes the reference app (bin/app.ts) once with every check, timing each
 *    validation plugin's `validate` call (the gate's own cost, module loading excluded).
 * 2. Re-evaluates every HipaaGapChecks rule on the synthesized templates REPEAT times and
 *    reports the median per rule.
 * 3. Reports what the least-privilege rules (issue 14) add to the gate: their time over the
 *    time of every plugin without them. The target is ≤ 10 %.
 *
 *   BENCH_REPEAT=50   evaluations per rule (default 30)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationPluginBeta1, Validations } from 'aws-cdk-lib';
import { createApp } from '../bin/app';
import { APP_GAP_RULES, GAP_RULES } from '../lib/compliance/rules';
import { evaluateTemplate } from '../lib/compliance/gap-checks';
import type { CfnTemplate } from '../lib/compliance/rules/template';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);

/** The rules issue 14 (least privilege, no path out) added to the gate. */
const LEAST_PRIVILEGE_RULES = new Set([
  'PhiTierInternetEgress', 'VpcEndpointPolicy', 'WorkloadRoleAuditTamper', 'WorkloadRoleReadsDbMasterSecret',
  'ServiceTrustConfusedDeputy', 'LogsKeyOneLogGroup', 'DataStoreClassification',
]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Wraps every plugin registered through Validations so each validate call is timed. */
function timePlugins(): Map<string, number> {
  const spent = new Map<string, number>();
  const proto = Object.getPrototypeOf(Validations.of(new App())) as { addPlugins(...p: IPolicyValidationPluginBeta1[]): void };
  const addPlugins = proto.addPlugins;
  proto.addPlugins = function (this: unknown, ...plugins: IPolicyValidationPluginBeta1[]) {
    for (const plugin of plugins) {
      const validate = plugin.validate.bind(plugin);
      (plugin as { validate: typeof validate }).validate = (context) => {
        const start = process.hrtime.bigint();
        try { return validate(context); } finally { spent.set(plugin.name, (spent.get(plugin.name) ?? 0) + ms(start)); }
      };
    }
    return addPlugins.apply(this, plugins);
  };
  return spent;
}

function main(): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rules-'));
  const spent = timePlugins();
  const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;
  const synthStart = process.hrtime.bigint();
  createApp({ outdir, context, builtinCloudFormationValidation: false }).synth();
  const synthMs = ms(synthStart);

  const templates: Record<string, CfnTemplate> = {};
  for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    templates[file] = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8'));
  }
  const appTemplates = Object.entries(templates).map(([file, template]) => ({ path: path.join(outdir, file), template }));
  const resources = Object.values(templates).reduce((n, t) => n + Object.keys(t.Resources ?? {}).length, 0);

  const perRule: Array<[string, number]> = [];
  for (const rule of GAP_RULES) {
    const samples: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const start = process.hrtime.bigint();
      for (const template of Object.values(templates)) evaluateTemplate(template, [rule]);
      samples.push(ms(start));
    }
    perRule.push([rule.id, median(samples)]);
  }
  for (const rule of APP_GAP_RULES) {
    const samples: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const start = process.hrtime.bigint();
      rule.evaluateApp(appTemplates);
      samples.push(ms(start));
    }
    perRule.push([`${rule.id} (app-wide)`, median(samples)]);
  }

  const gateMs = [...spent.values()].reduce((a, b) => a + b, 0);
  const leastPrivilegeMs = perRule.filter(([id]) => LEAST_PRIVILEGE_RULES.has(id)).reduce((a, [, t]) => a + t, 0);
  const lines = [
    `Reference app: ${Object.keys(templates).length} templates, ${resources} resources; in-process synth with every check ${(synthMs / 1000).toFixed(2)} s.`,
    '',
    '| Plugin | validate time (ms) |',
    '|---|---:|',
    ...[...spent.entries()].sort((a, b) => b[1] - a[1]).map(([name, t]) => `| ${name} | ${t.toFixed(1)} |`),
    `| **all plugins** | **${gateMs.toFixed(1)}** |`,
    '',
    `| HipaaGapChecks rule | median ms per app (${REPEAT} runs) |`,
    '|---|---:|',
    ...perRule.sort((a, b) => b[1] - a[1]).map(([id, t]) => `| ${id}${LEAST_PRIVILEGE_RULES.has(id) ? ' (issue 14)' : ''} | ${t.toFixed(2)} |`),
    '',
    `Issue 14's ${LEAST_PRIVILEGE_RULES.size} rules: ${leastPrivilegeMs.toFixed(2)} ms per app = ` +
      `${((100 * leastPrivilegeMs) / (gateMs - leastPrivilegeMs)).toFixed(2)} % of the gate without them (target ≤ 10 %).`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  fs.rmSync(outdir, { recursive: true, force: true });
}

main();
