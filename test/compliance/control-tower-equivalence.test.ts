import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createApp } from '../../bin/app';
import { CDK_JSON_CONTEXT } from '../helpers';
import { cfnGuardBinary, findingsByBinary, findingsInProcess } from './cfn-guard-binary';

/**
 * The Control Tower controls run in-process (Guard evaluator of
 * @aws/cloudformation-validate); the cfn-guard binary is the reference. Both
 * must report the same control on the same resource of the same template.
 * The negative suite (test/negative/safeguards.test.ts) runs the same
 * comparison over every escape-hatch row.
 */
const binary = cfnGuardBinary();
const SKIP = 'SKIPPED: the cfn-guard binary of @cdklabs/cdk-validator-cfnguard cannot run on this platform, nothing to compare with';
if (!binary) console.warn(SKIP);
const withBinary = binary ? describe : describe.skip;

withBinary(`Control Tower controls: in-process engine and cfn-guard binary agree${binary ? '' : ` (${SKIP})`}`, () => {
  test('on the reference app (every control, before acknowledgements)', () => {
    const app = createApp({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ct-equivalence-')),
      context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    // The reference app's gate is registered; its findings were acknowledged, the raw evaluation is what is compared.
    try { app.synth(); } catch { /* findings or not, the templates are written */ }
    const templates = fs.readdirSync(app.outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(app.outdir, f));
    expect(templates).toHaveLength(4); // baseline, three-tier, EMR and the disaster-recovery stack
    const inProcess = findingsInProcess(templates);
    expect(inProcess.length).toBeGreaterThan(10); // the acknowledged ones at least: the comparison is not vacuous
    expect(inProcess).toEqual(findingsByBinary(binary!, templates));
  });
});
