import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp, DEFAULT_DR_REGION } from '../../bin/app';
import { DisasterRecoveryNames, DisasterRecoveryStack, HipaaValidationError } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { CDK_JSON_CONTEXT, testApp } from '../helpers';

describe('reference app with a DR region from context', () => {
  const app = createApp({ outdir: fs.mkdtempSync(path.join(require('os').tmpdir(), 'cdk-hipaa-dr-')), context: { ...CDK_JSON_CONTEXT, drRegion: 'eu-central-1', 'aws:cdk:bundling-stacks': [] } });
  const stacks = app.node.children.filter((c): c is import('aws-cdk-lib').Stack => c instanceof require('aws-cdk-lib').Stack);
  const byId = (id: string) => stacks.find((s) => s.node.id === id)!;
  const dr = byId('CdkHipaaDisasterRecovery') as DisasterRecoveryStack;
  const drTemplate = Template.fromStack(dr).toJSON();

  test('the DR stack is pinned to the DR region only (no account: nothing is looked up)', () => {
    expect(dr.region).toBe('eu-central-1');
    expect(dr.environment).toBe('aws://unknown-account/eu-central-1');
    for (const id of ['CdkHipaaBaseline', 'CdkHipaaThreeTier', 'CdkHipaaEmr']) expect(byId(id).environment).toBe('aws://unknown-account/unknown-region');
  });

  test('the primary stacks deploy after the DR stack (their replication needs its buckets and key)', () => {
    for (const id of ['CdkHipaaBaseline', 'CdkHipaaThreeTier', 'CdkHipaaEmr']) expect(byId(id).dependencies).toContain(dr);
  });

  test('the DR key is reached by its alias; replica buckets by names of account and region', () => {
    const aliases = Object.values(drTemplate.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::KMS::Alias').map((r) => r.Properties.AliasName);
    expect(aliases).toContain('alias/cdk-hipaa/disaster-recovery');
    const names = Object.values(drTemplate.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName)
      .map((r) => JSON.stringify(r.Properties.BucketName)).sort();
    expect(names).toHaveLength(4);
    for (const purpose of ['config', 'emr', 'phi', 'trail']) expect(names.some((n) => n.includes(`cdk-hipaa-${purpose}-`) && n.includes('-eu-central-1'))).toBe(true);
  });

  test('the trail replica has Object Lock like the trail bucket (S3 replicates locked objects only into a locked bucket)', () => {
    const trail = Object.values(drTemplate.Resources as Record<string, any>).find((r) => JSON.stringify(r.Properties?.BucketName ?? '').includes('cdk-hipaa-trail-'));
    expect(trail.Properties.ObjectLockEnabled).toBe(true);
    expect(trail.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 2192 });
  });

  test('every stack carries the DR declaration, the DR stack as recovery side', () => {
    for (const s of stacks) {
      expect(Template.fromStack(s).toJSON().Metadata[rules.DR_METADATA_KEY]).toEqual({ Region: 'eu-central-1', Role: s === dr ? 'recovery' : 'primary' });
    }
  });

  test('the PHI, trail, Config and EMR buckets replicate to their replicas with the DR key', () => {
    const replicated = (id: string) => Object.values(Template.fromStack(byId(id)).toJSON().Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.ReplicationConfiguration)
      .map((r) => JSON.stringify(r.Properties.ReplicationConfiguration.Rules[0].Destination));
    const check = (d: string, purpose: string) => expect(d).toMatch(new RegExp(`:s3:::cdk-hipaa-${purpose}-.*-eu-central-1".*:kms:eu-central-1:.*:alias/cdk-hipaa/disaster-recovery`));
    const baseline = replicated('CdkHipaaBaseline');
    expect(baseline).toHaveLength(2);
    check(baseline.find((d) => d.includes('-trail-'))!, 'trail');
    check(baseline.find((d) => d.includes('-config-'))!, 'config');
    check(replicated('CdkHipaaThreeTier')[0], 'phi');
    check(replicated('CdkHipaaEmr')[0], 'emr');
  });
});

describe('reference app: the records table is a global table with its replica in the DR region', () => {
  const app = createApp({ outdir: fs.mkdtempSync(path.join(require('os').tmpdir(), 'cdk-hipaa-dr-')), context: { ...CDK_JSON_CONTEXT, drRegion: 'eu-central-1', 'aws:cdk:bundling-stacks': [] } });
  const threeTier = app.node.findChild('CdkHipaaThreeTier') as import('aws-cdk-lib').Stack;
  const template = Template.fromStack(threeTier).toJSON();
  const tables = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type.startsWith('AWS::DynamoDB::'));

  test('one global table, no single-region table', () => expect(tables.map((t) => t.Type)).toEqual(['AWS::DynamoDB::GlobalTable']));
  test('its DR replica is encrypted with the DR key (by alias), with PITR and deletion protection', () => {
    const replica = tables[0].Properties.Replicas.find((r: any) => r.Region === 'eu-central-1');
    expect(JSON.stringify(replica.SSESpecification.KMSMasterKeyId)).toMatch(/:kms:eu-central-1:.*:alias\/cdk-hipaa\/disaster-recovery/);
    expect(replica.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
    expect(replica.DeletionProtectionEnabled).toBe(true);
  });
});

describe('DisasterRecoveryStack and DisasterRecoveryNames: bad input', () => {
  test('the default DR region is documented and is a region', () => expect(DEFAULT_DR_REGION).toMatch(/^[a-z]{2}-[a-z]+-\d$/));
  test('a DR stack outside the DR region', () => {
    const names = new DisasterRecoveryNames({ region: 'us-west-2' });
    expect(() => new DisasterRecoveryStack(testApp(), 'Dr', { names, env: { region: 'us-east-1' } })).toThrow(HipaaValidationError);
    expect(() => new DisasterRecoveryStack(testApp(), 'Dr2', { names })).toThrow(/env.region is 'undefined' but names.region is 'us-west-2'/);
  });
  test.each([
    [{ region: 'uswest2' }, /region is 'uswest2'/],
    [{ region: 'us-west-2', prefix: 'Acme_Health' }, /prefix is 'Acme_Health'/],
  ])('names %j', (props, message) => expect(() => new DisasterRecoveryNames(props)).toThrow(message));
  test('a purpose that cannot name a bucket', () => expect(() => new DisasterRecoveryNames({ region: 'us-west-2' }).replicaBucketName('PHI data')).toThrow(/purpose is 'PHI data'/));
});
