import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { createApp } from '../../bin/app';
import { DisasterRecoveryDatabaseStack, HipaaDatabaseEngine, HipaaDatabaseReplica, HipaaVpc } from '../../lib';
import { findings } from '../../lib/testing';
import { CDK_JSON_CONTEXT, testApp } from '../helpers';

const SOURCE = 'arn:aws:rds:us-east-1:111122223333:db:db-cdkhipaathreetier-records-1a2b3c4d';

describe('reference app with -c drDatabaseSourceArn: a cross-region read replica in the DR region', () => {
  const app = createApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-drdb-')),
    context: { ...CDK_JSON_CONTEXT, drRegion: 'us-west-2', drDatabaseSourceArn: SOURCE, 'aws:cdk:bundling-stacks': [] } });
  const stack = app.node.findChild('CdkHipaaDisasterRecoveryDatabase') as Stack;
  const template = Template.fromStack(stack);
  const instance = Object.values(template.findResources('AWS::RDS::DBInstance'))[0];
  const p = instance.Properties;

  test('pinned to the DR region, deployed after the primary stack (its source) and the DR stack (its key)', () => {
    expect(stack.region).toBe('us-west-2');
    expect(stack.dependencies.map((s) => s.node.id).sort()).toEqual(['CdkHipaaDisasterRecovery', 'CdkHipaaThreeTier']);
  });

  test('replicates the source named by ARN, encrypted with the DR key (required for an encrypted cross-region replica)', () => {
    expect(p.SourceDBInstanceIdentifier).toBe(SOURCE);
    // Inherited from the (encrypted) source: CloudFormation refuses StorageEncrypted with SourceDBInstanceIdentifier.
    expect(p.StorageEncrypted).toBeUndefined();
    expect(JSON.stringify(p.KmsKeyId)).toMatch(/:kms:us-west-2:.*:alias\/cdk-hipaa\/disaster-recovery/);
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

describe('without -c drDatabaseSourceArn the reference app has no replica stack', () => {
  const app = createApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-drdb-')), context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  test('no CdkHipaaDisasterRecoveryDatabase', () => expect(app.node.tryFindChild('CdkHipaaDisasterRecoveryDatabase')).toBeUndefined());
});

describe('HipaaDatabaseReplica rejects bad input', () => {
  const build = (props: Record<string, unknown>, region = 'us-west-2') => {
    const stack = new Stack(testApp(), 'Dr', { env: { region } });
    const vpc = new HipaaVpc(stack, 'Net').vpc;
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab');
    return () => new HipaaDatabaseReplica(stack, 'Db', { sourceDatabaseArn: SOURCE, engine: HipaaDatabaseEngine.postgres(), vpc, encryptionKey: key, ...props } as any);
  };
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a source that is not a DB instance ARN', { sourceDatabaseArn: 'db-records' }, /sourceDatabaseArn is 'db-records'; give the source DB instance's ARN/],
    ['an Aurora engine', { engine: HipaaDatabaseEngine.auroraPostgres() }, /engine is aurora-postgresql; HipaaDatabaseReplica builds RDS instance replicas/],
    ['no key', { encryptionKey: undefined }, /encryptionKey/],
  ])('%s', (_n, props, message) => expect(build(props)).toThrow(message));
  test('a source in the replica\'s own region', () => expect(build({}, 'us-east-1')).toThrow(/sourceDatabaseArn is in 'us-east-1', this stack's own region/));
  test('a port the VPC\'s data tier does not admit', () => expect(build({ port: 5433 })).toThrow(/port is 5433, but the data tier of vpc .* admits only ports \[5432, 3306\]/));
  test('a port outside what RDS accepts', () => expect(build({ port: 80 })).toThrow(/port/));
  test('on the engine\'s default port the default-port findings are acknowledged with the port named', () => {
    const stack = new Stack(testApp(), 'DrDefault', { env: { region: 'us-west-2' } });
    const vpc = new HipaaVpc(stack, 'Net').vpc;
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab');
    const replica = new HipaaDatabaseReplica(stack, 'Db', { sourceDatabaseArn: SOURCE, engine: HipaaDatabaseEngine.postgres(), vpc, encryptionKey: key });
    const metadata = JSON.stringify((replica.instance.node.defaultChild as any).cfnOptions.metadata ?? {}) + JSON.stringify(replica.instance.node.defaultChild!.node.metadata);
    expect(metadata).toMatch(/RDS11/);
    expect(metadata).toMatch(/default port 5432/);
    expect(Template.fromStack(stack).findResources('AWS::RDS::DBInstance')).toBeDefined();
  });
});
