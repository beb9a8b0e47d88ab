import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createApp } from '../bin/app';
import { buildEvidenceReport } from '../lib';
import * as rules from '../lib/compliance/rules';
import { boundaryGaps } from './boundary-coverage';
import { CDK_JSON_CONTEXT, synthAndReadReport } from './helpers';

/**
 * The distinct rule ids the reference app acknowledges (README, "Acknowledged findings in the shipped
 * constructs"). Everything else the packs ask for is built.
 */
const ACKNOWLEDGED_RULE_IDS = [
  'CT.GUARDDUTY.PR.1', 'CT.LAMBDA.PR.2', 'CT.LAMBDA.PR.3',
  'CT.S3.PR.10', 'CT.S3.PR.2', 'EC23', 'EMR4', 'EMR5', 'IAM4', 'IAM5',
  'LambdaConcurrency', 'LambdaInsideVPC', 'RetainedResourceNameUnique', 'S1',
  'S3BucketLoggingEnabled', 'S3BucketReplicationEnabled', 'S3DefaultEncryptionKMS', 'SMG4', 'SecretsManagerRotationEnabled',
  'ServiceTrustConfusedDeputy', 'VPC3', 'VPCNoUnrestrictedRouteToIGW',
].sort();

// The one test that keeps aws-cdk-lib's CloudFormation validation on (≈3 s),
// exactly as `cdk synth` runs it: all packs, strict mode, cdk.json's flags.
// The reference app without context keys: every describe of this file reads this one synth.
const app = createApp({
  outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-app-')),
  context: CDK_JSON_CONTEXT,
});
const outcome = synthAndReadReport(app);

describe('reference app', () => {
  test('synthesizes with zero unacknowledged findings (errors and warnings) from every plugin', () => {
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test('ran aws-cdk-lib CloudFormation validation and the HIPAA packs (strict mode set in cdk.json)', () => {
    expect(CDK_JSON_CONTEXT['@aws-cdk/core:strictCfnValidateErrors']).toBe(true);
    expect(CDK_JSON_CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
    expect(fs.existsSync(path.join(app.outdir, 'validation-report.json'))).toBe(true);
  });

  test('synthesizes the baseline, three-tier, EMR and disaster-recovery stacks, Lambda code bundled by esbuild', () => {
    const stacks = Object.values(JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')).artifacts as Record<string, any>)
      .filter((a) => a.type === 'aws:cloudformation:stack').map((a) => a.displayName);
    expect(stacks.sort()).toEqual(['CdkHipaaBaseline', 'CdkHipaaDisasterRecovery', 'CdkHipaaEmr', 'CdkHipaaThreeTier']);
    const bundles = fs.readdirSync(app.outdir).filter((f) => f.startsWith('asset.') && fs.existsSync(path.join(app.outdir, f, 'index.js')));
    expect(bundles.length).toBeGreaterThanOrEqual(3); // certificate generator, account settings, PHI key rule
    for (const b of bundles) expect(fs.readFileSync(path.join(app.outdir, b, 'index.js'), 'utf8')).not.toMatch(/require\("aws-cdk-lib/);
  });

  test('the evidence report of the app passes: every stack checked by every pack, nothing unsuppressed', () => {
    const report = buildEvidenceReport(app.outdir);
    expect(report.summary.verdict).toBe('PASS');
    for (const stack of report.stacks) {
      expect(stack.packs.map((p) => [p.pack, p.status])).toEqual([
        ['HIPAA.Security', 'passed'], ['NIST.800.53.R5', 'passed'], ['AwsSolutions', 'passed'], ['HipaaGapChecks', 'passed'],
        ['ControlTowerGuardChecks', 'passed'], ['HipaaAcknowledgementChecks', 'passed'], ['CloudFormation Validate', 'passed']]);
    }
    expect(report.integrity).toEqual([]);
  });

  test('the baseline trail records the reads and writes of every PHI bucket and table of the app', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    const templates: rules.AppTemplate[] = Object.values(manifest.artifacts as Record<string, any>)
      .filter((a) => a.type === 'aws:cloudformation:stack')
      .map((a) => ({ path: a.properties.templateFile, template: JSON.parse(fs.readFileSync(path.join(app.outdir, a.properties.templateFile), 'utf8')) }));
    const coverage = rules.dataEventCoverage(templates);
    expect(coverage.filter((c) => c.store.type === 'AWS::S3::Bucket').length).toBeGreaterThanOrEqual(2); // PHI objects, EMR artifacts
    expect(coverage.filter((c) => c.store.type === 'AWS::DynamoDB::GlobalTable').length).toBeGreaterThanOrEqual(1); // records table, replicated to the DR region
    for (const c of coverage) expect([c.store.logicalId, c.trails.map((t) => t.trailName)]).toEqual([c.store.logicalId, ['cdk-hipaa-trail']]);
    // The HipaaLogBucket acknowledgement says CloudTrail data events record its objects: true for every log bucket of the app.
    const logBuckets = rules.dataEventCoverage(templates, (r) => r.Type === 'AWS::S3::Bucket' && r.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'AES256');
    expect(logBuckets.length).toBeGreaterThanOrEqual(3);
    for (const c of logBuckets) expect([c.store.logicalId, c.trails.map((t) => t.trailName)]).toEqual([c.store.logicalId, ['cdk-hipaa-trail']]);
  });

  test('the evidence report names, per PHI store, the trail that records its reads and writes', () => {
    const report = buildEvidenceReport(app.outdir);
    expect(report.dataEvents.length).toBeGreaterThanOrEqual(3);
    for (const row of report.dataEvents) {
      expect([row.path, row.recordedBy.map((t) => [t.stack, t.trailName])]).toEqual([row.path, [['CdkHipaaBaseline', 'cdk-hipaa-trail']]]);
    }
    expect(report.dataEvents.map((r) => r.stack)).toEqual(expect.arrayContaining(['CdkHipaaThreeTier', 'CdkHipaaEmr']));
  });

  test('each HipaaBucket replication acknowledgement names AWS Backup only where a plan of its stack selects the bucket', () => {
    const report = buildEvidenceReport(app.outdir);
    let examined = 0;
    for (const stack of report.stacks) {
      const template = JSON.parse(fs.readFileSync(path.join(app.outdir, `${stack.name}.template.json`), 'utf8'));
      const selected = JSON.stringify(Object.values(template.Resources as Record<string, any>)
        .filter((r) => r.Type === 'AWS::Backup::BackupSelection').map((r) => r.Properties.BackupSelection.Resources));
      for (const ack of stack.acknowledgements.filter((a) => a.rule === 'HIPAA.Security-S3BucketReplicationEnabled' && a.reason.startsWith('Availability of this bucket'))) {
        const logicalId = stack.resources.find((r) => [ack.path, `${ack.path}/Resource`].includes(r.path) && r.type === 'AWS::S3::Bucket')!.logicalId;
        const isSelected = selected.includes(`{"Fn::GetAtt":["${logicalId}","Arn"]}`);
        expect([ack.path, /AWS Backup: backup plan .* selects it/.test(ack.reason)]).toEqual([ack.path, isSelected]);
        if (!isSelected) expect(ack.reason).toMatch(/in no AWS Backup plan/);
        examined += 1;
      }
    }
    expect(examined).toBeGreaterThanOrEqual(1);
    // The PHI bucket is in the reference backup plan AND replicates to the DR region: nothing to acknowledge.
    const threeTier = report.stacks.find((s) => s.name === 'CdkHipaaThreeTier')!;
    expect(threeTier.acknowledgements.filter((a) => a.rule === 'HIPAA.Security-S3BucketReplicationEnabled' && a.path.includes('PhiObjects'))).toEqual([]);
  });

  test('acknowledged rule ids: the pinned list, no more (a new one is a deliberate change of this list and of the README table)', () => {
    // Counted as the README says: the bracketed finding suffix of IAM4/IAM5 dropped, the pack prefix dropped, so a
    // HIPAA.Security and a NIST.800.53.R5 rule of the same cdk-nag name count once.
    const report = buildEvidenceReport(app.outdir);
    const ids = new Set(report.stacks.flatMap((s) => s.acknowledgements).map((a) => a.rule.split('[')[0]
      .replace(/^(HIPAA\.Security|NIST\.800\.53\.R5|AwsSolutions|ControlTower|HipaaGap)-/, '').replace(/^CloudFormation-Validate::/, '')));
    expect([...ids].sort()).toEqual(ACKNOWLEDGED_RULE_IDS);
  });

  test('every acknowledgement carries a reason of at least 30 characters', () => {
    const acks = app.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.entries(m.data as Record<string, string>)));
    expect(acks.length).toBeGreaterThan(0);
    for (const [, reason] of acks) expect(reason.length).toBeGreaterThanOrEqual(30);
  });

  test('every action a bounded role is granted is allowed by its permissions boundary (no AccessDenied after deploy)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    const templates = Object.values(manifest.artifacts as Record<string, any>)
      .filter((a) => a.type === 'aws:cloudformation:stack')
      .map((a) => ({ path: a.properties.templateFile as string, template: JSON.parse(fs.readFileSync(path.join(app.outdir, a.properties.templateFile), 'utf8')) }));
    const bounded = templates.flatMap((t) => Object.values(t.template.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::IAM::Role' && r.Properties.PermissionsBoundary !== undefined));
    expect(bounded.length).toBeGreaterThanOrEqual(20); // functions, instances, replication, flow logs, trail delivery, Backup, EMR
    expect(boundaryGaps(templates)).toEqual([]);
  });
});

// With -c drDatabaseSourceArn: test/stacks/disaster-recovery-stack.test.ts.
describe('without -c drDatabaseSourceArn the reference app has no replica stack', () => {
  test('no CdkHipaaDisasterRecoveryDatabase', () => expect(app.node.tryFindChild('CdkHipaaDisasterRecoveryDatabase')).toBeUndefined());
});
