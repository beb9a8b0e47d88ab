import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { HipaaBackupPlan, HipaaDatabase, HipaaDatabaseEngine, HipaaValidationError, HipaaVpc } from '../../../lib';
import { findings } from '../../../lib/testing';
import { testApp, testStack } from '../../helpers';

const NNE = (checksums = 'SHA512,SHA384,SHA256') => [
  { Name: 'SQLNET.ENCRYPTION_SERVER', Value: 'REQUIRED' },
  { Name: 'SQLNET.ENCRYPTION_TYPES_SERVER', Value: 'AES256' },
  { Name: 'SQLNET.CRYPTO_CHECKSUM_SERVER', Value: 'REQUIRED' },
  { Name: 'SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER', Value: checksums },
  { Name: 'SQLNET.ALLOW_WEAK_CRYPTO', Value: 'FALSE' },
  { Name: 'SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS', Value: 'FALSE' },
];

describe('HipaaDatabase on RDS for Oracle SE2', () => {
  const app = testApp();
  const stack = new Stack(app, 'Oracle');
  const net = new HipaaVpc(stack, 'Net', { databasePorts: [1521] });
  const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine: HipaaDatabaseEngine.oracleSe2() });
  new HipaaBackupPlan(stack, 'Backup', { resources: [db] });
  const gate = findings(app);
  const template = Template.fromStack(stack);
  const instance = () => Object.values(template.findResources('AWS::RDS::DBInstance'))[0].Properties;
  const key = () => JSON.parse(JSON.stringify(stack.resolve(db.key.keyArn)));

  test('zero unacknowledged findings from every pack', () => {
    expect(gate.findings).toEqual([]);
  });

  test('Oracle SE2 19c, license included (explicit), Multi-AZ, not public, on port 1521', () => {
    expect(instance()).toMatchObject({
      Engine: 'oracle-se2', EngineVersion: '19', LicenseModel: 'license-included', MultiAZ: true, PubliclyAccessible: false, DBInstanceClass: 'db.m5.large',
    });
    expect(db.port).toBe(1521);
  });

  test('in transit: an option group with Native Network Encryption REQUIRED, AES-256, SHA-2 checksums, weak crypto refused', () => {
    const group = stack.getLogicalId(db.node.findChild('OracleOptions').node.defaultChild as rds.CfnOptionGroup);
    expect(instance().OptionGroupName).toEqual({ Ref: group });
    template.hasResourceProperties('AWS::RDS::OptionGroup', {
      EngineName: 'oracle-se2',
      OptionConfigurations: [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: NNE() }],
    });
  });

  test('at rest: storage encrypted with the customer-managed key', () => {
    expect(instance().StorageEncrypted).toBe(true);
    expect(instance().KmsKeyId).toEqual(stack.resolve(db.key.keyArn));
  });

  test('audit: audit trail to OS files (no SQL text) and the audit, alert, listener and trace logs exported to six-year encrypted groups created first', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'oracle-se2-19', Parameters: { audit_trail: 'OS', audit_sys_operations: 'TRUE' } });
    expect(instance().EnableCloudwatchLogsExports).toEqual(['alert', 'audit', 'listener', 'oemagent', 'trace']);
    const instanceId = Object.keys(template.findResources('AWS::RDS::DBInstance'))[0];
    const dependsOn: string[] = template.toJSON().Resources[instanceId].DependsOn;
    for (const type of ['alert', 'audit', 'listener', 'oemagent', 'trace']) {
      const groupId = stack.getLogicalId(db.logGroups[type].node.defaultChild as any);
      const group = template.toJSON().Resources[groupId];
      expect([type, group.Properties.RetentionInDays, group.DeletionPolicy, dependsOn.includes(groupId)]).toEqual([type, 2192, 'Retain', true]);
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(JSON.stringify(group.Properties.LogGroupName)).toContain(`/${type}`);
    }
  });

  test('master password generated, kept and rotated by RDS in Secrets Manager under the key (no hosted rotation function)', () => {
    expect(instance()).toMatchObject({ ManageMasterUserPassword: true, MasterUserSecret: { KmsKeyId: key() }, MasterUsername: 'hipaa_admin' });
    expect(instance().MasterUserPassword).toBeUndefined();
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourceCountIs('AWS::Serverless::Application', 0);
  });

  test('everything else HipaaDatabase guarantees: backups 35 days, deletion protection, SNAPSHOT, monitoring, Performance Insights under the key', () => {
    expect(instance()).toMatchObject({
      BackupRetentionPeriod: 35, DeletionProtection: true, CopyTagsToSnapshot: true, MonitoringInterval: 60,
      EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: key(), StorageType: 'gp3',
    });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
  });

  test('no IAM database authentication on Oracle: acknowledged with the reason, and grantConnect refuses', () => {
    expect(instance().EnableIAMDatabaseAuthentication).toBeUndefined();
    const ack = gate.acknowledgements.find((a) => a.rule.endsWith('CT.RDS.PR.7'));
    expect(ack?.reason).toMatch(/IAM database authentication/);
    expect(() => db.grantConnect(new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }), 'app'))
      .toThrow(/grantConnect\('app'\) is called on oracle-se2, which has no IAM database authentication/);
  });
});

describe('HipaaDatabase on RDS for Oracle EE', () => {
  test('bring your own license, TDE when asked for, stronger checksums only', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [1521] });
    new HipaaDatabase(stack, 'Db', {
      vpc: net.vpc, engine: HipaaDatabaseEngine.oracleEe(rds.OracleEngineVersion.VER_19, { transparentDataEncryption: true, checksumTypes: ['SHA512'] }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'oracle-ee', LicenseModel: 'bring-your-own-license' });
    template.hasResourceProperties('AWS::RDS::OptionGroup', {
      EngineName: 'oracle-ee',
      OptionConfigurations: [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: NNE('SHA512') }, Match.objectLike({ OptionName: 'TDE' })],
    });
  });
});

describe('HipaaDatabase on Oracle rejects weakening', () => {
  const build = (engine: () => HipaaDatabaseEngine, parameters?: Record<string, string>) => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [1521] });
    let error: unknown;
    try { new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine: engine(), parameters }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(HipaaValidationError);
    return (error as Error).message;
  };
  test.each<[string, () => HipaaDatabaseEngine, Record<string, string> | undefined, RegExp]>([
    ['SHA-1 checksums', () => HipaaDatabaseEngine.oracleSe2(undefined, { checksumTypes: ['SHA256', 'SHA1'] }), undefined, /checksumTypes has 'SHA1'; Oracle Native Network Encryption integrity must use SHA-2/],
    ['AES-128', () => HipaaDatabaseEngine.oracleSe2(undefined, { encryptionTypes: ['AES128'] }), undefined, /encryptionTypes has 'AES128'/],
    ['no ciphers', () => HipaaDatabaseEngine.oracleSe2(undefined, { encryptionTypes: [] }), undefined, /encryptionTypes has '\(none\)'/],
    ['TDE on SE2', () => HipaaDatabaseEngine.oracleSe2(undefined, { transparentDataEncryption: true }), undefined, /transparentDataEncryption is true on Standard Edition 2/],
    ['EE license included', () => HipaaDatabaseEngine.oracleEe(undefined, { licenseModel: rds.LicenseModel.LICENSE_INCLUDED }), undefined, /licenseModel is 'license-included'/],
    ['auditing off', () => HipaaDatabaseEngine.oracleSe2(), { audit_trail: 'NONE' }, /parameters\['audit_trail'\] is 'NONE'; it must stay 'OS'/],
    ['SQL text in the audit trail', () => HipaaDatabaseEngine.oracleEe(), { audit_trail: 'DB,EXTENDED' }, /parameters\['audit_trail'\] is 'DB,EXTENDED'/],
  ])('%s', (_name, engine, parameters, message) => {
    expect(build(engine, parameters)).toMatch(message);
  });
});
