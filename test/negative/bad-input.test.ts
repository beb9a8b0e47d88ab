import { CfnParameter, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  HipaaAutoScalingGroup, HipaaBackupPlan, HipaaBucket, HipaaConfigRules, HipaaDatabase, HipaaDatabaseEngine, HipaaEmrCluster, HipaaInstanceTenancy,
  HipaaGuardrails, HipaaKey, HipaaLoadBalancer, HipaaLogBucket, HipaaLogGroup, HipaaTable, HipaaUserPool, HipaaValidationError, HipaaValidationCode, HipaaVpc,
} from '../../lib';
import { testStack } from '../helpers';

/**
 * Issue #26: bad input, as a careless or hurried user (or a JavaScript caller
 * without the compiler) gives it, gets a clear HipaaValidationError at
 * construction naming the prop, the value and the fix, and never weakens a
 * safeguard silently. Each row: a construct, a prop, a bad value, the expected
 * code and message. Every message is also checked for what must never reach a
 * user: token text, a token's number encoding, a TypeError.
 */

interface Shared {
  readonly stack: Stack;
  readonly net: HipaaVpc;
  readonly dedicatedNet: HipaaVpc;
  readonly certificate: acm.ICertificate;
}

interface Row {
  readonly construct: string;
  readonly prop: string;
  readonly value: string;
  readonly build: (scope: Construct, shared: Shared) => unknown;
  readonly code: HipaaValidationCode;
  readonly message: RegExp;
}

const tableKey = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };
const dots = '.'.repeat(30);
// A JavaScript caller passes whatever it likes; the compiler would have stopped these.
const js = (value: unknown) => value as any;

const ROWS: Row[] = [
  // Safeguards bypassed
  { construct: 'HipaaBucket', prop: 'minimumRetention', value: '1 day with expireAfter 1 day', code: 'WEAKENS_SAFEGUARD', message: /minimumRetention is 1 days, shorter than the 2192 days/,
    build: (s) => new HipaaBucket(s, 'B1', { minimumRetention: Duration.days(1), lifecycle: { expireAfter: Duration.days(1) } }) },
  { construct: 'HipaaBucket', prop: 'lifecycle.expireAfter', value: 'a token that is not a parameter', code: 'UNRESOLVED_TOKEN',
    message: /lifecycle.expireAfter is a token \(an imported stack output\); objects must be kept at least minimumRetention \(2192 days\), .*CloudFormation parameter of type 'Number'/,
    build: (s) => new HipaaBucket(s, 'B2', { lifecycle: { expireAfter: Duration.days(Token.asNumber(Fn.importValue('Days'))) } }) },
  { construct: 'HipaaBucket', prop: 'minimumRetention', value: 'a String parameter', code: 'UNRESOLVED_TOKEN',
    message: /minimumRetention is a token \(CloudFormation parameter StringDays\) of type 'String'; declare the parameter with type: 'Number'/,
    build: (s) => new HipaaBucket(s, 'B3', { minimumRetention: Duration.days(Token.asNumber(new CfnParameter(Stack.of(s), 'StringDays').valueAsString)) }) },
  { construct: 'HipaaDatabase', prop: 'parameters.ssl_min_protocol_version', value: "'TLSv1'", code: 'WEAKENS_SAFEGUARD', message: /parameters\['ssl_min_protocol_version'\] is 'TLSv1'; TLS 1.0 and 1.1 are deprecated/,
    build: (s, { net }) => new HipaaDatabase(s, 'D1', { vpc: net.vpc, parameters: { ssl_min_protocol_version: 'TLSv1' } }) },
  { construct: 'HipaaDatabase', prop: 'parameters.tls_version', value: "'TLSv1,TLSv1.2' (MySQL)", code: 'WEAKENS_SAFEGUARD', message: /parameters\['tls_version'\] is 'TLSv1,TLSv1.2'/,
    build: (s, { net }) => new HipaaDatabase(s, 'D2', { vpc: net.vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { tls_version: 'TLSv1,TLSv1.2' } }) },
  { construct: 'HipaaDatabase', prop: 'parameters.general_log', value: "'1' (MySQL)", code: 'WEAKENS_SAFEGUARD', message: /parameters\['general_log'\] is '1'; the general log copies every statement/,
    build: (s, { net }) => new HipaaDatabase(s, 'D3', { vpc: net.vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { general_log: '1' } }) },
  { construct: 'HipaaDatabase', prop: 'parameters.log_min_duration_statement', value: "'0' (PostgreSQL)", code: 'WEAKENS_SAFEGUARD', message: /log_min_duration_statement'\] is '0'; 0 logs every statement/,
    build: (s, { net }) => new HipaaDatabase(s, 'D4', { vpc: net.vpc, parameters: { log_min_duration_statement: '0' } }) },
  { construct: 'HipaaDatabase', prop: 'parameters.rds.force_ssl', value: 'a parameter token', code: 'UNRESOLVED_TOKEN', message: /parameters\['rds.force_ssl'\] is a token \(CloudFormation parameter ForceSsl\); HipaaDatabase sets/,
    build: (s, { net }) => new HipaaDatabase(s, 'D5', { vpc: net.vpc, parameters: { 'rds.force_ssl': new CfnParameter(Stack.of(s), 'ForceSsl').valueAsString } }) },
  { construct: 'HipaaBucket', prop: 'objectLock.mode', value: "'WORM'", code: 'INVALID_VALUE', message: /objectLock.mode is 'WORM'; use s3.ObjectLockMode.GOVERNANCE or s3.ObjectLockMode.COMPLIANCE/,
    build: (s) => new HipaaBucket(s, 'B4', { objectLock: { mode: js('WORM'), retention: Duration.days(2192) } }) },
  { construct: 'HipaaBucket', prop: 'encryptionKey', value: 'alias/aws/s3', code: 'WEAKENS_SAFEGUARD', message: /encryptionKey is 'alias\/aws\/s3', an AWS managed key/,
    build: (s) => new HipaaBucket(s, 'B5', { encryptionKey: kms.Alias.fromAliasName(s, 'S3Alias', 'alias/aws/s3') }) },
  { construct: 'HipaaTable', prop: 'encryptionKey', value: 'alias/aws/dynamodb', code: 'WEAKENS_SAFEGUARD', message: /encryptionKey is 'alias\/aws\/dynamodb', an AWS managed key/,
    build: (s) => new HipaaTable(s, 'T1', { ...tableKey, encryptionKey: kms.Alias.fromAliasName(s, 'DdbAlias', 'alias/aws/dynamodb') }) },
  { construct: 'HipaaDatabase', prop: 'encryptionKey', value: 'the aws/rds alias ARN', code: 'WEAKENS_SAFEGUARD', message: /encryptionKey is .*an AWS managed key/,
    build: (s, { net }) => new HipaaDatabase(s, 'D6', { vpc: net.vpc, encryptionKey: kms.Key.fromKeyArn(s, 'RdsAlias', 'arn:aws:kms:us-east-1:111122223333:alias/aws/rds') }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'sharedTenancyJustification', value: '30 dots', code: 'WEAKENS_SAFEGUARD', message: /sharedTenancyJustification is '\.{30}'; give at least 30 characters besides punctuation/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G1', { vpc: net.vpc, tenancy: HipaaInstanceTenancy.DEFAULT, sharedTenancyJustification: dots }) },
  { construct: 'HipaaConfigRules', prop: 'excludedRules', value: '30 dots', code: 'WEAKENS_SAFEGUARD', message: /excludedRules\['IAM_PASSWORD_POLICY'\] is '\.{30}'; it needs a reason/,
    build: (s) => new HipaaConfigRules(s, 'R1', { excludedRules: { IAM_PASSWORD_POLICY: dots } }) },
  { construct: 'HipaaGuardrails', prop: 'disabledGuardrails', value: '30 dots', code: 'WEAKENS_SAFEGUARD', message: /disabledGuardrails\['DenyRootUser'\] needs a reason of at least 30 characters/,
    build: (s) => new HipaaGuardrails(s, 'Gr1', { targetIds: ['r-ab12'], allowedRegions: ['us-east-1'], breakGlassRoleName: 'BreakGlass', disabledGuardrails: { DenyRootUser: dots } }) },
  { construct: 'HipaaTable', prop: 'nonPhiJustification', value: '30 dots', code: 'WEAKENS_SAFEGUARD', message: /nonPhiJustification is '\.{30}'; give at least 30 characters/,
    build: (s) => new HipaaTable(s, 'T3', { ...tableKey, dataClassification: 'Synthetic', nonPhiJustification: dots }) },
  { construct: 'HipaaLogBucket', prop: 'expireAfter', value: 'a token that is not a parameter', code: 'UNRESOLVED_TOKEN', message: /expireAfter is a token \(an imported stack output\); HIPAA keeps audit records six years/,
    build: (s) => new HipaaLogBucket(s, 'Lb1', { expireAfter: Duration.days(Token.asNumber(Fn.importValue('LogDays'))) }) },
  { construct: 'HipaaBucket', prop: 'nonPhiJustification', value: 'the rule id repeated', code: 'WEAKENS_SAFEGUARD', message: /nonPhiJustification is 'HipaaGap-DataStoreClassification/,
    build: (s) => new HipaaBucket(s, 'B6', { dataClassification: 'Internal', nonPhiJustification: 'HipaaGap-DataStoreClassification HipaaGap-DataStoreClassification' }) },

  // Wrong tier and AZ counts
  { construct: 'HipaaDatabase', prop: 'vpcSubnets', value: 'the private (with egress) tier', code: 'WRONG_PLACEMENT', message: /vpcSubnets selects private \(with egress\) subnets .*belongs in the isolated tier/,
    build: (s, { net }) => new HipaaDatabase(s, 'D7', { vpc: net.vpc, vpcSubnets: net.privateSubnets() }) },
  { construct: 'HipaaDatabase', prop: 'vpcSubnets', value: 'one subnet (Multi-AZ)', code: 'WRONG_PLACEMENT', message: /vpcSubnets spans 1 Availability Zone\(s\); a Multi-AZ database/,
    build: (s, { net }) => new HipaaDatabase(s, 'D8', { vpc: net.vpc, vpcSubnets: { subnets: [net.vpc.isolatedSubnets[0]] } }) },
  { construct: 'HipaaEmrCluster', prop: 'vpcSubnets', value: 'the isolated tier', code: 'WRONG_PLACEMENT', message: /vpcSubnets selects isolated subnets .*EMR cluster processing PHI belongs in the private/,
    build: (s, { dedicatedNet }) => new HipaaEmrCluster(s, 'E1', { vpc: dedicatedNet.vpc, vpcSubnets: dedicatedNet.isolatedSubnets() }) },
  { construct: 'HipaaEmrCluster', prop: 'vpcSubnets', value: 'private subnets with a NAT route', code: 'WRONG_PLACEMENT', message: /vpcSubnets selects subnets with a route to the internet/,
    build: (s) => new HipaaEmrCluster(s, 'E2', { vpc: new HipaaVpc(s, 'NatNet', { instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED, natGateways: 1 }).vpc }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'vpcSubnets', value: 'the isolated tier', code: 'WRONG_PLACEMENT', message: /vpcSubnets selects isolated subnets .*instances handling PHI belongs in the private/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G2', { vpc: net.vpc, vpcSubnets: net.isolatedSubnets() }) },
  { construct: 'HipaaLoadBalancer', prop: 'vpcSubnets', value: 'internet-facing in private subnets', code: 'WRONG_PLACEMENT', message: /an internet-facing load balancer belongs in the public tier/,
    build: (s, { net, certificate }) => new HipaaLoadBalancer(s, 'A1', { vpc: net.vpc, certificate, internetFacing: true, vpcSubnets: net.privateSubnets() }) },

  // Types and ranges
  { construct: 'HipaaLoadBalancer', prop: 'internetFacing', value: "'false'", code: 'INVALID_VALUE', message: /internetFacing is 'false'; use true or false/,
    build: (s, { net, certificate }) => new HipaaLoadBalancer(s, 'A2', { vpc: net.vpc, certificate, internetFacing: js('false') }) },
  { construct: 'HipaaConfigRules', prop: 'createRecorder', value: "'false'", code: 'INVALID_VALUE', message: /createRecorder is 'false'; use true or false/,
    build: (s) => new HipaaConfigRules(s, 'R2', { createRecorder: js('false') }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'userDataCommands', value: 'a string', code: 'INVALID_VALUE', message: /userDataCommands is 'yum -y update'; use an array of shell commands .*\['yum -y update'\], not a string/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G3', { vpc: net.vpc, userDataCommands: js('yum -y update') }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'rootVolumeSize', value: '-10', code: 'OUT_OF_RANGE', message: /rootVolumeSize is -10; use a whole number from 1 to 16384 GiB/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G4', { vpc: net.vpc, rootVolumeSize: -10 }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'maxCapacity', value: '1e12', code: 'OUT_OF_RANGE', message: /maxCapacity is 1000000000000; use a whole number from 1 to 2147483647/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G5', { vpc: net.vpc, maxCapacity: 1e12 }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'dataVolumeSize', value: 'NaN', code: 'OUT_OF_RANGE', message: /dataVolumeSize is NaN; use a finite number/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G6', { vpc: net.vpc, dataVolumeSize: NaN }) },
  { construct: 'HipaaDatabase', prop: 'allocatedStorage', value: 'NaN', code: 'OUT_OF_RANGE', message: /allocatedStorage is NaN; use a finite number from 20 to 65536 GiB/,
    build: (s, { net }) => new HipaaDatabase(s, 'D9', { vpc: net.vpc, allocatedStorage: NaN }) },
  { construct: 'HipaaAutoScalingGroup', prop: 'port', value: '0', code: 'OUT_OF_RANGE', message: /port is 0; use a whole number from 1 to 65535/,
    build: (s, { net }) => new HipaaAutoScalingGroup(s, 'G7', { vpc: net.vpc, port: 0 }) },
  { construct: 'HipaaLoadBalancer.addTargets', prop: 'healthCheckPath', value: "'health'", code: 'INVALID_VALUE', message: /healthCheckPath is 'health'; use a path starting with '\/'/,
    build: (s, { net, certificate }) => new HipaaLoadBalancer(s, 'A3', { vpc: net.vpc, certificate }).addTargets('T', { targets: [], healthCheckPath: 'health' }) },
  { construct: 'HipaaVpc', prop: 'instanceTenancy', value: "'dedicted'", code: 'INVALID_VALUE', message: /instanceTenancy is 'dedicted'; use ec2.DefaultInstanceTenancy.DEFAULT or/,
    build: (s) => new HipaaVpc(s, 'V1', { instanceTenancy: js('dedicted') }) },
  { construct: 'HipaaBucket', prop: 'bucketName', value: "''", code: 'INVALID_VALUE', message: /bucketName is ''; give a non-empty value of an S3 bucket name/,
    build: (s) => new HipaaBucket(s, 'B7', { bucketName: '' }) },
  { construct: 'HipaaBucket', prop: 'bucketName', value: "'patient records'", code: 'INVALID_VALUE', message: /bucketName is 'patient records'; use an S3 bucket name: .*no spaces/,
    build: (s) => new HipaaBucket(s, 'B8', { bucketName: 'patient records' }) },
  { construct: 'HipaaBucket', prop: 'bucketName', value: "'awsbackup-restore-records'", code: 'INVALID_VALUE',
    message: /bucketName is 'awsbackup-restore-records'; use an S3 bucket name: .*not starting with awsbackup-restore- \(kept for the buckets AWS Backup restores create\)/,
    build: (s) => new HipaaBucket(s, 'B9', { bucketName: 'awsbackup-restore-records' }) },
  { construct: 'HipaaLogBucket', prop: 'bucketName', value: "'awsbackup-restore-trail'", code: 'INVALID_VALUE', message: /bucketName is 'awsbackup-restore-trail'; use an S3 bucket name: .*not starting with awsbackup-restore-/,
    build: (s) => new HipaaLogBucket(s, 'Lb2', { bucketName: 'awsbackup-restore-trail' }) },
  { construct: 'HipaaDatabase', prop: 'masterUsername', value: "'admin user'", code: 'INVALID_VALUE', message: /masterUsername is 'admin user'; use a database user name/,
    build: (s, { net }) => new HipaaDatabase(s, 'D10', { vpc: net.vpc, masterUsername: 'admin user' }) },
  { construct: 'HipaaTable', prop: 'pointInTimeRecoveryDays', value: "'35' (a string)", code: 'INVALID_VALUE', message: /pointInTimeRecoveryDays is '35'; use a number from 1 to 35 days \(35, not a string\)/,
    build: (s) => new HipaaTable(s, 'T2', { ...tableKey, pointInTimeRecoveryDays: js('35') }) },

  // Consistency
  { construct: 'HipaaVpc', prop: 'cidr', value: "'10.0.0.1/16'", code: 'INCONSISTENT', message: /cidr is '10.0.0.1\/16', which is not the network address .*Use '10.0.0.0\/16'/,
    build: (s) => new HipaaVpc(s, 'V2', { cidr: '10.0.0.1/16' }) },
  { construct: 'HipaaDatabase', prop: 'engine', value: 'MySQL with databasePorts [5432]', code: 'INCONSISTENT', message: /engine is mysql on port 3306, but the data tier .* admits only ports \[5432\]/,
    build: (s) => new HipaaDatabase(s, 'D11', { vpc: new HipaaVpc(s, 'PgOnly', { databasePorts: [5432] }).vpc, engine: HipaaDatabaseEngine.mysql() }) },
  { construct: 'HipaaBackupPlan', prop: 'additionalRules', value: 'a rule deleting before the lock minimum', code: 'INCONSISTENT', message: /additionalRules\[0\] \(Weekly\) deletes after 14 days, but vaultLock.minRetention is 30 days/,
    build: (s) => new HipaaBackupPlan(s, 'P1', { dailyRetention: Duration.days(35), vaultLock: { minRetention: Duration.days(30) },
      additionalRules: [new backup.BackupPlanRule({ ruleName: 'Weekly', deleteAfter: Duration.days(14) })] }) },
  { construct: 'HipaaBucket', prop: 'lifecycle.transitionToGlacierAfter', value: 'after expiry', code: 'INCONSISTENT', message: /transitionToGlacierAfter is 3000 days, not before lifecycle.expireAfter \(2500 days\)/,
    build: (s) => new HipaaBucket(s, 'B9', { lifecycle: { transitionToGlacierAfter: Duration.days(3000), expireAfter: Duration.days(2500) } }) },

  // Errors that used to be obscure
  { construct: 'HipaaKey', prop: 'rotationPeriod', value: '365 (a number)', code: 'INVALID_VALUE', message: /rotationPeriod is 365; use a Duration \(Duration.days\(365\), not a number\)/,
    build: (s) => new HipaaKey(s, 'K1', { rotationPeriod: js(365) }) },
  { construct: 'HipaaLogGroup', prop: 'retention', value: 'a numeric token that is not a parameter', code: 'UNRESOLVED_TOKEN', message: /retention is a token \(an imported stack output\); audit logs are kept at least six years/,
    build: (s) => new HipaaLogGroup(s, 'L1', { retention: Token.asNumber(Fn.importValue('RetentionDays')) }) },
  { construct: 'HipaaVpc', prop: 'interfaceEndpoints', value: "['kms']", code: 'INVALID_VALUE', message: /interfaceEndpoints\[0\] is 'kms'; pass an ec2.InterfaceVpcEndpointAwsService/,
    build: (s) => new HipaaVpc(s, 'V3', { interfaceEndpoints: js(['kms']) }) },
  { construct: 'HipaaEmrCluster', prop: 'applications', value: "'Spark'", code: 'INVALID_VALUE', message: /applications is 'Spark'; use an array of application names.*\['Spark'\], not a string/,
    build: (s, { dedicatedNet }) => new HipaaEmrCluster(s, 'E3', { vpc: dedicatedNet.vpc, applications: js('Spark') }) },
  { construct: 'HipaaUserPool', prop: 'tokenValidity', value: '60 (a number)', code: 'INVALID_VALUE', message: /tokenValidity is 60; use a Duration \(Duration.minutes\(60\), not a number\)/,
    build: (s) => new HipaaUserPool(s, 'U1', { domainPrefix: 'clinic-portal', tokenValidity: js(60) }) },
  { construct: 'HipaaDatabase', prop: 'vpc', value: 'missing', code: 'REQUIRED', message: /vpc is undefined; it has no safe default, so pass it/,
    build: (s) => new HipaaDatabase(s, 'D12', js({})) },
];

let shared: Shared;
beforeAll(() => {
  const stack = testStack('BadInput');
  shared = {
    stack,
    net: new HipaaVpc(stack, 'Net'),
    dedicatedNet: new HipaaVpc(stack, 'DedicatedNet', { cidr: '10.1.0.0/16', instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED }),
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString),
  };
});

/** What must never reach a user: token text, a token's number encoding, a TypeError, a fragment such as "replace is not a function". */
function expectReadable(message: string): void {
  expect(message).not.toMatch(/\$\{Token\[|-1\.8\d*e\+289|TypeError|is not a function|\[object Object\]|undefined is not/);
}

describe('bad input gets a HipaaValidationError naming the prop, the value and the fix', () => {
  test.each(ROWS.map((r) => [`${r.construct} ${r.prop} = ${r.value}`, r] as const))('%s', (_name, row) => {
    let error: unknown;
    try {
      row.build(new Construct(shared.stack, `Row${ROWS.indexOf(row)}`), shared);
    } catch (e) {
      error = e;
    }
    expect(HipaaValidationError.isHipaaValidationError(error)).toBe(true);
    const e = error as HipaaValidationError;
    expect(e.message).toMatch(row.message);
    expect(e.code).toBe(row.code);
    expect(e.prop.split(/[.[]/)[0]).toBe(row.prop.split(/[.[]/)[0]);
    expectReadable(e.message);
  });
});

describe('valid values are not refused', () => {
  test("a KMS alias that starts with 'aws-' (only 'alias/aws/' is reserved)", () => {
    const stack = testStack();
    new HipaaKey(stack, 'K', { alias: 'aws-phi' });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/aws-phi' });
  });

  test("MySQL require_secure_transport '1' (RDS takes ON or 1)", () => {
    const stack = testStack();
    new HipaaDatabase(stack, 'D', { vpc: new HipaaVpc(stack, 'N').vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { require_secure_transport: '1' } });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { require_secure_transport: 'ON' } });
  });

  test("dataClassification 'phi' is normalized to PHI, so the PHI key rule still selects the store", () => {
    const stack = testStack();
    new HipaaBucket(stack, 'B', { dataClassification: 'phi' });
    const bucket = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))
      .find((r) => (r.Properties.Tags ?? []).some((t: { Key: string }) => t.Key === 'DataClassification'));
    expect(bucket!.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'DataClassification', Value: 'PHI' }]));
  });
});

describe('a parameter-driven safeguard value is checked by CloudFormation at deploy time', () => {
  const stack = testStack();
  const number = (id: string, props: Partial<ConstructorParameters<typeof CfnParameter>[2]> = {}) => new CfnParameter(stack, id, { type: 'Number', ...props });
  const bucketDays = number('BucketRetentionDays');
  const expireDays = number('ExpireDays', { minValue: 3000 });
  const dailyDays = number('DailyDays');
  const monthlyDays = number('MonthlyDays');
  const logDays = number('LogDays');
  const tlsVersion = new CfnParameter(stack, 'MinTls');
  const logExpiry = number('LogExpiryDays');
  new HipaaLogBucket(stack, 'AccessLogs', { expireAfter: Duration.days(logExpiry.valueAsNumber) });
  new HipaaBucket(stack, 'Retained', { minimumRetention: Duration.days(bucketDays.valueAsNumber) });
  new HipaaBucket(stack, 'Expiring', { lifecycle: { expireAfter: Duration.days(expireDays.valueAsNumber) } });
  new HipaaBackupPlan(stack, 'Plan', { dailyRetention: Duration.days(dailyDays.valueAsNumber), monthlyRetention: Duration.days(monthlyDays.valueAsNumber) });
  new HipaaLogGroup(stack, 'Logs', { retention: logDays.valueAsNumber });
  new HipaaDatabase(stack, 'Db', { vpc: new HipaaVpc(stack, 'N').vpc, parameters: { ssl_min_protocol_version: tlsVersion.valueAsString } });
  const template = Template.fromStack(stack).toJSON();

  test.each([
    ['HipaaBucket minimumRetention', 'BucketRetentionDays', 2192],
    ['HipaaBucket lifecycle.expireAfter (a tighter MinValue of the user is kept)', 'ExpireDays', 3000],
    ['HipaaBackupPlan dailyRetention', 'DailyDays', 7],
    ['HipaaBackupPlan monthlyRetention', 'MonthlyDays', 2192],
    ['HipaaLogGroup retention', 'LogDays', 2192],
    ['HipaaLogBucket expireAfter', 'LogExpiryDays', 2192],
  ])('%s: the parameter gets MinValue', (_name, parameter, min) => expect(template.Parameters[parameter].MinValue).toBe(min));

  test('HipaaLogGroup retention: the parameter admits only the six-year-or-longer values CloudWatch Logs accepts', () =>
    expect(template.Parameters.LogDays.AllowedValues).toEqual(['2192', '2557', '2922', '3288', '3653']));

  test('HipaaDatabase ssl_min_protocol_version from a parameter: a template rule asserts TLS 1.2 or 1.3', () => {
    const rules = Object.values<any>(template.Rules ?? {});
    const assertion = rules.flatMap((r) => r.Assertions).find((a) => JSON.stringify(a).includes('MinTls'));
    expect(assertion.Assert).toEqual({ 'Fn::Contains': [['TLSv1.2', 'TLSv1.3'], { Ref: 'MinTls' }] });
    expect(assertion.AssertDescription).toMatch(/parameters.ssl_min_protocol_version \(parameter MinTls\) must be one of TLSv1.2, TLSv1.3/);
  });
});

describe('the messages of a token show what it stands for', () => {
  test('a numeric parameter whose MaxValue is below the floor is refused by name', () => {
    const stack = testStack();
    const days = new CfnParameter(stack, 'ShortDays', { type: 'Number', maxValue: 30 });
    expect(() => new HipaaBucket(stack, 'B', { minimumRetention: Duration.days(days.valueAsNumber) }))
      .toThrow(/minimumRetention is CloudFormation parameter ShortDays, whose MaxValue 30 is below the 2192 required/);
  });

  test('a duration token in another unit is refused with the form to use', () => {
    const stack = testStack();
    const hours = new CfnParameter(stack, 'Hours', { type: 'Number' });
    expect(() => new HipaaBackupPlan(stack, 'P', { dailyRetention: Duration.hours(hours.valueAsNumber) }))
      .toThrow(/dailyRetention is Duration.hours\(a token \(CloudFormation parameter Hours\)\); a duration from a token must be given in days/);
  });
});
