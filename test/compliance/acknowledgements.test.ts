import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACK_REASON_RULE, applyHipaaChecks, HipaaBucket, reasonProblemForTest, suppress } from './ack-test-exports';
import { synthAndReadReport, testApp } from '../helpers';

/** A bucket whose encryption an escape hatch deleted: one HipaaGap and one Control Tower finding to acknowledge. */
function weakened(stack: Stack): HipaaBucket {
  const phi = new HipaaBucket(stack, 'Phi');
  (phi.bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('BucketEncryption');
  return phi;
}

const GOOD = 'Test fixture: encryption deliberately removed to prove the acknowledgement rule.';

describe('every acknowledgement is judged at synth, however it was made', () => {
  // One app, one synth: each stack acknowledges in its own way.
  const app = testApp();
  const raw = weakened(new Stack(app, 'RawShort'));
  Validations.of(raw).acknowledge(
    { id: 'HipaaGapChecks::HipaaGap-S3BucketDefaultEncryption', reason: 'ok' },
    { id: 'ControlTowerGuardChecks::ControlTower-CT.S3.PR.10', reason: GOOD });
  const echo = weakened(new Stack(app, 'RawEcho'));
  Validations.of(echo).acknowledge(
    { id: 'HipaaGapChecks::HipaaGap-S3BucketDefaultEncryption', reason: 'HipaaGap-S3BucketDefaultEncryption: S3BucketDefaultEncryption!' },
    { id: 'ControlTowerGuardChecks::ControlTower-CT.S3.PR.10', reason: GOOD });
  // Trying to acknowledge the reason rule itself does not hide it: its findings are fatal.
  Validations.of(echo).acknowledge({ id: `HipaaAcknowledgementChecks::${ACK_REASON_RULE}`, reason: GOOD });
  const fine = weakened(new Stack(app, 'Fine'));
  suppress(fine, 'HipaaGap-S3BucketDefaultEncryption', GOOD);
  suppress(fine, 'ControlTower-CT.S3.PR.10', GOOD);
  applyHipaaChecks(app);
  const outcome = synthAndReadReport(app);
  const ackFindings = outcome.findings.filter((f) => f.rule === ACK_REASON_RULE);

  test('a raw Validations.acknowledge with a short reason is a fatal finding that fails synth', () => {
    expect(outcome.error?.message).toMatch(/HipaaAck-Reason/);
    expect(ackFindings.flatMap((f) => f.paths)).toContain('RawShort/Phi');
    expect(ackFindings.every((f) => f.severity === 'fatal')).toBe(true);
  });

  test('a reason that only repeats the rule id is a finding too, and acknowledging the rule does not hide it', () => {
    expect(ackFindings.flatMap((f) => f.paths)).toContain('RawEcho/Phi');
  });

  test('suppress() with a real reason, and the reasons the constructs ship, are not findings', () => {
    const paths = ackFindings.flatMap((f) => f.paths);
    expect(paths.filter((p) => p.startsWith('Fine/'))).toEqual([]);
    expect(paths.sort()).toEqual(['RawEcho/Phi', 'RawShort/Phi']);
  });

  test('the finding points to suppress() and carries the acknowledgement for the evidence report', () => {
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    const plugin = report.pluginReports.find((p: any) => p.pluginName === 'HipaaAcknowledgementChecks');
    const v = plugin.violations.find((x: any) => x.violatingConstructs[0].constructPath === 'RawShort/Phi');
    expect(v.suggestedFix).toMatch(/suppress\(construct, 'HipaaGap-S3BucketDefaultEncryption', /);
    expect(v.ruleMetadata).toEqual({ acknowledgedId: 'HipaaGapChecks::HipaaGap-S3BucketDefaultEncryption', acknowledgedAt: 'RawShort/Phi', reason: 'ok' });
  });
});

describe('suppress() applies the same rule when it is called', () => {
  test.each([
    ['ok', /reason 'ok' is 2 characters/],
    ['AwsSolutions-IAM5[Action::s3:*] AwsSolutions-IAM5[Action::s3:*]', /only repeats the rule id/],
    ['IAM5 IAM5 IAM5 IAM5 IAM5 IAM5 IAM5 IAM5 IAM5', /only repeats the rule id/],
  ])('%s', (reason, error) => {
    expect(() => suppress(new Stack(testApp(), 'S'), 'AwsSolutions-IAM5[Action::s3:*]', reason)).toThrow(error);
  });

  test('a reason that names the rule and explains is accepted', () => {
    expect(reasonProblemForTest('AwsSolutions-IAM5[Action::s3:*]', 'IAM5: object names are chosen at run time inside one named bucket')).toBeUndefined();
  });
});

describe('after a gated synth, one summary block and the evidence report', () => {
  const app = testApp();
  const stack = new Stack(app, 'Mine');
  const phi = new HipaaBucket(stack, 'Phi'); // ships its own acknowledgements (replication, ...)
  (phi.bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('BucketEncryption');
  suppress(phi, 'HipaaGap-S3BucketDefaultEncryption', GOOD);
  suppress(phi, 'ControlTower-CT.S3.PR.10', GOOD);
  applyHipaaChecks(app, { summary: true });
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
  try { synthAndReadReport(app); } finally { spy.mockRestore(); }
  const block = written.join('').slice(written.join('').indexOf('cdk-hipaa gate:'));

  test('says PASS, the packs with rule counts, the findings, the acknowledgements counted apart and the report path', () => {
    expect(block).toMatch(/^cdk-hipaa gate: PASS \(1 stack\)/);
    expect(block).toMatch(/packs run: .*HIPAA\.Security \(\d+ rules\).*HipaaGapChecks \(\d+ rules\).*ControlTowerGuardChecks \(\d+ rules\)/);
    // This test app turns aws-cdk-lib's validation off: the summary says so rather than leaving it out.
    expect(block).toMatch(/HipaaAcknowledgementChecks \(1 rule\); not run: CloudFormation Validate \(turned off in this app\)\n/);
    expect(block).toMatch(/unsuppressed findings: 0/);
    expect(block).toMatch(/acknowledgements: 2 yours, [1-9]\d* shipped with cdk-hipaa/);
    expect(block).toMatch(/evidence report: .*evidence-report\.html/);
    expect(fs.existsSync(path.join(app.outdir, 'evidence', 'evidence-report.html'))).toBe(true);
  });

  test('is printed once', () => {
    expect(block.match(/cdk-hipaa gate:/g)).toHaveLength(1);
  });
});
