import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp, DEFAULT_DR_REGION } from '../../bin/app';
import { DisasterRecoveryDatabaseStack, DisasterRecoveryNames, DisasterRecoveryStack, HipaaValidationError } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { findings } from '../../lib/testing';
import { CDK_JSON_CONTEXT, testApp } from '../helpers';

const SOURCE = 'arn:aws:rds:us-east-1:111122223333:db:db-cdkhipaathreetier-records-1a2b3c4d';

// One reference app, synthesized once with the gate (Template.fromStack and findings() read the same
// assembly), serves every describe of this file: a DR region from context (not the default) and
// -c drDatabaseSourceArn, so the DR stack, the global table's replica and the cross-region database
// replica are all checked on the app `cdk synth -c drRegion=eu-central-1 -c drDatabaseSourceArn=...` builds.
// Each gated synth of the reference app costs tens of seconds; the app without either key is test/app.test.ts's.
const app = createApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-dr-')),
  context: { ...CDK_JSON_CONTEXT, drRegion: 'eu-central-1', drDatabaseSourceArn: SOURCE, 'aws:cdk:bundling-stacks': [] } });

describe('reference app with a DR region from context', () => {
  const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);
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
    // The DR stack and the database replica's stack (-c drDatabaseSourceArn) are the recovery side.
    const recovery = [dr, byId('CdkHipaaDisasterRecoveryDatabase')];
    expect(stacks.map((s) => s.node.id).sort()).toEqual(['CdkHipaaBaseline', 'CdkHipaaDisasterRecovery', 'CdkHipaaDisasterRecoveryDatabase', 'CdkHipaaEmr', 'CdkHipaaThreeTier']);
    for (const s of stacks) {
      expect(Template.fromStack(s).toJSON().Metadata[rules.DR_METADATA_KEY]).toEqual({ Region: 'eu-central-1', Role: recovery.includes(s) ? 'recovery' : 'primary' });
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
  const threeTier = app.node.findChild('CdkHipaaThreeTier') as Stack;
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

describe('reference app with -c drDatabaseSourceArn: a cross-region read replica in the DR region', () => {
  const stack = app.node.findChild('CdkHipaaDisasterRecoveryDatabase') as Stack;
  const template = Template.fromStack(stack);
  const instance = Object.values(template.findResources('AWS::RDS::DBInstance'))[0];
  const p = instance.Properties;

  test('pinned to the DR region, deployed after the primary stack (its source) and the DR stack (its key)', () => {
    expect(stack.region).toBe('eu-central-1');
    expect(stack.dependencies.map((s) => s.node.id).sort()).toEqual(['CdkHipaaDisasterRecovery', 'CdkHipaaThreeTier']);
  });

  test('replicates the source named by ARN, encrypted with the DR key (required for an encrypted cross-region replica)', () => {
    expect(p.SourceDBInstanceIdentifier).toBe(SOURCE);
    // Inherited from the (encrypted) source: CloudFormation refuses StorageEncrypted with SourceDBInstanceIdentifier.
    expect(p.StorageEncrypted).toBeUndefined();
    expect(JSON.stringify(p.KmsKeyId)).toMatch(/:kms:eu-central-1:.*:alias\/cdk-hipaa\/disaster-recovery/);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
  });

  test('hardened like its source: not public, isolated subnets, Multi-AZ, IAM auth, deletion protection, monitoring, every log exported', () => {
    expect(p).toMatchObject({
      PubliclyAccessible: false, MultiAZ: true, EnableIAMDatabaseAuthentication: true, DeletionProtection: true,
      MonitoringInterval: 60, AutoMinorVersionUpgrade: true, CACertificateIdentifier: 'rds-ca-rsa2048-g1', EnablePerformanceInsights: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    const subnetGroup = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'))[0];
    const isolated = (stack as DisasterRecoveryDatabaseStack).network.vpc.isolatedSubnets.map((sn) => ({ Ref: stack.getLogicalId(sn.node.defaultChild as any) }));
    expect(subnetGroup.Properties.SubnetIds).toEqual(isolated);
  });

  test('TLS required by its parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
  });

  test('its log groups exist first, encrypted, kept six years', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).filter((g) => JSON.stringify(g.Properties.LogGroupName).includes('/aws/rds/instance/db-database-replica-'));
    expect(groups).toHaveLength(2);
    for (const g of groups) {
      expect(g.Properties.KmsKeyId).toBeDefined();
      expect(g.Properties.RetentionInDays).toBeGreaterThanOrEqual(2192);
    }
    expect(instance.DependsOn.length).toBeGreaterThanOrEqual(2);
  });

  test('listens on the source\'s port (the reference database\'s 5433), which the DR VPC\'s data tier admits', () => {
    const source = app.node.findChild('CdkHipaaThreeTier') as any;
    expect(source.database.port).toBe(5433);
    expect(p.Port).toBe('5433');
    template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { PortRange: { From: 5433, To: 5433 }, Egress: false });
    expect(JSON.stringify(template.findResources('AWS::EC2::NetworkAclEntry'))).not.toMatch(/"From":5432/);
  });

  test('zero findings from every check of the gate; on the replica only the acknowledgements its README row names', () => {
    const result = findings(stack);
    expect(result.findings).toEqual([]);
    const onReplica = result.acknowledgements.filter((a) => a.constructPath.startsWith('CdkHipaaDisasterRecoveryDatabase/Database/Instance')).map((a) => a.rule).sort();
    expect(onReplica).toEqual(['AwsSolutions-RDS11', 'AwsSolutions-RDS2', 'ControlTowerGuardChecks::ControlTower-CT.RDS.PR.16',
      'HIPAA.Security-RDSInBackupPlan', 'HIPAA.Security-RDSStorageEncrypted', 'NIST.800.53.R5-RDSInBackupPlan', 'NIST.800.53.R5-RDSStorageEncrypted']);
    // On 5433 the Control Tower default-port control passes; RDS11 is acknowledged only because the replica carries no Engine property.
    const rds11 = result.acknowledgements.find((a) => a.rule === 'AwsSolutions-RDS11' && a.constructPath.startsWith('CdkHipaaDisasterRecoveryDatabase/Database/Instance'));
    expect(rds11?.reason).toMatch(/listens on port 5433, not the engine's default 5432/);
    expect(p.Engine).toBeUndefined();
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
