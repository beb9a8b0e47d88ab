import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { applyHipaaChecks, HipaaBucket, HipaaCheckPack, HipaaKey, suppress } from '../../lib';
import { ruleNames, synthAndReadReport, testApp } from '../helpers';

/** Synthesizes a one-stack app with the checks and returns what they reported. */
function check(build: (stack: Stack) => void) {
  const app = testApp();
  build(new Stack(app, 'Subject'));
  applyHipaaChecks(app);
  return synthAndReadReport(app);
}

describe('applyHipaaChecks', () => {
  test('a stack of HipaaKey and HipaaBucket has zero findings from every pack', () => {
    const outcome = check((stack) => {
      const key = new HipaaKey(stack, 'Key');
      new HipaaBucket(stack, 'Phi', { encryptionKey: key.key });
    });
    expect(outcome.findings).toEqual([]);
    expect(outcome.error).toBeUndefined();
  });

  test('a stack with a known weakness fails synth with findings from each pack', () => {
    const outcome = check((stack) => new s3.Bucket(stack, 'Plain'));
    expect(outcome.error?.message).toMatch(/A copy of this report can be found in/);
    const plugins = new Set(outcome.findings.map((f) => f.plugin));
    expect([...plugins].sort()).toEqual(['AwsSolutions', 'ControlTowerGuardChecks', 'HIPAA.Security', 'HipaaGapChecks', 'NIST.800.53.R5']);
    expect(ruleNames(outcome.findings)).toEqual(expect.arrayContaining([
      'HIPAA.Security-S3DefaultEncryptionKMS', 'AwsSolutions-S10', 'HipaaGap-S3BucketTlsPolicy', 'HipaaGap-S3BucketVersioning',
    ]));
  });

  test('an escape-hatch override that deletes bucket encryption is caught by HipaaGapChecks', () => {
    const outcome = check((stack) => {
      const phi = new HipaaBucket(stack, 'Phi');
      (phi.bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('BucketEncryption');
    });
    expect(outcome.error?.message).toMatch(/A copy of this report can be found in/);
    // cdk-nag judges construct props and misses it; the template-level pack does not.
    // The Control Tower guard rules read the template too and agree.
    expect(outcome.findings.map((f) => [f.plugin, f.rule])).toEqual([
      ['HipaaGapChecks', 'HipaaGap-S3BucketDefaultEncryption'], ['ControlTowerGuardChecks', 'ControlTower-CT.S3.PR.10']]);
    expect(outcome.findings[0].paths).toEqual(['Subject/Phi/Bucket/Resource']);
  });

  test('escape-hatch overrides of versioning, public access, TLS and key rotation are caught', () => {
    const outcome = check((stack) => {
      const phi = new HipaaBucket(stack, 'Phi');
      const cfn = phi.bucket.node.defaultChild as s3.CfnBucket;
      cfn.addPropertyOverride('VersioningConfiguration.Status', 'Suspended');
      cfn.addPropertyOverride('PublicAccessBlockConfiguration.RestrictPublicBuckets', false);
      (phi.bucket.policy!.node.defaultChild as s3.CfnBucketPolicy).addPropertyOverride('PolicyDocument.Statement.1.Condition.NumericLessThan.s3:TlsVersion', 1.0);
      (phi.key.node.defaultChild as kms.CfnKey).addPropertyOverride('EnableKeyRotation', false);
    });
    expect(ruleNames(outcome.findings.filter((f) => f.plugin === 'HipaaGapChecks'))).toEqual([
      'HipaaGap-KmsKeyRotation', 'HipaaGap-S3BucketPublicAccessBlock', 'HipaaGap-S3BucketTlsPolicy', 'HipaaGap-S3BucketVersioning',
    ]);
  });

  test('a log group retained less than six years is a finding; six years is not', () => {
    const outcome = check((stack) => {
      new logs.LogGroup(stack, 'Short', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
      new logs.LogGroup(stack, 'Long', { retention: logs.RetentionDays.SIX_YEARS, removalPolicy: RemovalPolicy.RETAIN });
    });
    const gap = outcome.findings.filter((f) => f.rule === 'HipaaGap-LogGroupRetention');
    expect(gap.flatMap((f) => f.paths)).toEqual(['Subject/Short/Resource']);
  });

  test('suppress() acknowledges a gap finding, and the reason lands in the report', () => {
    const reason = 'Test fixture: this bucket deliberately has no encryption to prove acknowledgement works.';
    const outcome = check((stack) => {
      const phi = new HipaaBucket(stack, 'Phi');
      (phi.bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('BucketEncryption');
      suppress(phi, 'HipaaGap-S3BucketDefaultEncryption', reason);
      suppress(phi, 'ControlTower-CT.S3.PR.10', reason);
    });
    expect(outcome.findings).toEqual([]);
    expect(outcome.acknowledged).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'HipaaGap-S3BucketDefaultEncryption', reason }),
      expect.objectContaining({ plugin: 'ControlTowerGuardChecks', rule: 'ControlTower-CT.S3.PR.10', reason }),
    ]));
  });

  test('suppress() acknowledges a cdk-nag finding only on the construct it is given', () => {
    const reason = 'Test fixture: replication is out of scope for this ephemeral test bucket.';
    const outcome = check((stack) => {
      const a = new HipaaBucket(stack, 'A');
      const cfnA = a.bucket.node.defaultChild as s3.CfnBucket;
      cfnA.addPropertyDeletionOverride('LoggingConfiguration');
      suppress(a, 'HipaaGap-S3BucketDefaultEncryption', reason);
      new s3.Bucket(stack, 'Plain', { enforceSSL: true, versioned: true });
      suppress(stack.node.findChild('Plain'), 'AwsSolutions-S1', reason);
    });
    const s1 = outcome.findings.filter((f) => f.rule === 'AwsSolutions-S1');
    expect(s1).toEqual([]);
    expect(outcome.findings.some((f) => f.rule === 'HIPAA.Security-S3BucketLoggingEnabled' && f.paths.includes('Subject/Plain/Resource'))).toBe(true);
  });

  test('every plugin reports nothing for the default HipaaBucket, and it acknowledges only what it documents', () => {
    const outcome = check((stack) => new HipaaBucket(stack, 'Phi'));
    expect(outcome.findings).toEqual([]);
  });

  test('rejects a scope that is not an App or Stage', () => {
    const app = testApp();
    const stack = new Stack(app, 'S');
    expect(() => applyHipaaChecks(stack)).toThrow(/scope 'S' is not an App or Stage/);
  });

  test('rejects registering twice', () => {
    const app = testApp();
    applyHipaaChecks(app);
    expect(() => applyHipaaChecks(app)).toThrow(/already registered/);
  });

  test('disabling a pack needs a reason, and a known pack name', () => {
    expect(() => applyHipaaChecks(testApp(), { disabledPacks: { [HipaaCheckPack.AWS_SOLUTIONS]: 'no' } }))
      .toThrow(/disabledPacks\['AwsSolutions'\] needs a reason of at least 30 characters/);
    expect(() => applyHipaaChecks(testApp(), { disabledPacks: { Bogus: 'a reason that is certainly long enough to pass' } as any }))
      .toThrow(/unknown pack 'Bogus'/);
  });

  test('a disabled pack does not run, and the others still do', () => {
    const app = testApp();
    new s3.Bucket(new Stack(app, 'Subject'), 'Plain');
    applyHipaaChecks(app, { disabledPacks: { [HipaaCheckPack.AWS_SOLUTIONS]: 'Covered by the organisation-wide AwsSolutions scan in the pipeline.' } });
    const outcome = synthAndReadReport(app);
    const plugins = new Set(outcome.findings.map((f) => f.plugin));
    expect(plugins.has('AwsSolutions')).toBe(false);
    expect(plugins.has('HIPAA.Security')).toBe(true);
  });
});
