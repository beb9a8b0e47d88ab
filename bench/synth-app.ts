/**
 * One measured synth (run by bench/synth.ts in a fresh process):
 *   tsx bench/synth-app.ts <reference|copies:N> <all|packs|default|none> <outdir>
 * reference: the app of bin/app.ts; copies:N: N three-tier stacks.
 * all = the packs of applyHipaaChecks + aws-cdk-lib's CloudFormation validation; packs = without
 * that validation; default = only that validation (a plain `cdk synth`); none = neither.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { createApp } from '../bin/app';
import { applyHipaaChecks, ThreeTierStack } from '../lib';

const [shape, checks, outdir] = process.argv.slice(2);
const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;
const props = { outdir, context, builtinCloudFormationValidation: checks === 'all' || checks === 'default' };
let app: App;
if (shape === 'reference') {
  app = createApp(props);
  if (checks !== 'all' && checks !== 'packs') throw new Error('the reference app always registers its checks; use copies:N for none/default');
} else {
  app = new App(props);
  const copies = Number(shape.split(':')[1]);
  for (let i = 1; i <= copies; i++) new ThreeTierStack(app, `ThreeTier${i}`);
  // BENCH_DISABLE=Pack1,Pack2 leaves packs out, to see what each one costs.
  const disabled = Object.fromEntries((process.env.BENCH_DISABLE ?? '').split(',').filter(Boolean)
    .map((p) => [p, 'left out by the benchmark to measure the cost of each pack']));
  if (checks === 'all' || checks === 'packs') applyHipaaChecks(app, { disabledPacks: disabled });
}
app.synth();
