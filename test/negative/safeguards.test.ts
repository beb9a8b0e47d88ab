import * as fs from 'fs';
import * as path from 'path';
import { CfnParameter, CfnResource, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbTargets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import {
  applyHipaaChecks, HipaaAutoScalingGroup, HipaaBackupPlan, HipaaBaselineStack, HipaaBaselineStackSet, HipaaBucket, HipaaConfigRules, HipaaDatabase,
  HipaaDatabaseEngine, HipaaEmrCluster, HipaaInstanceTenancy, HipaaKey, HipaaLoadBalancer, HipaaLogBucket, HipaaLogGroup, HipaaPermissionsBoundary, HipaaRedshiftCluster, HipaaTable, HipaaTrail, HipaaVpc, TrailDataEvents,
} from '../../lib';
import { declareDisasterRecoveryRegion } from '../../lib/compliance/disaster-recovery';
import { DisasterRecoveryNames } from '../../lib/stacks/disaster-recovery/names';
import { routeFindings } from '../../lib/stacks/baseline/finding-routes';
import { cfnGuardBinary, findingsByBinary, findingsOfGate } from '../compliance/cfn-guard-binary';
import { Finding, synthAndReadReport, testApp, testStack } from '../helpers';

/**
 * Every safeguard of DESIGN.md's table, and the ways a user could weaken it:
 * through a prop (expected: a clear construction error) or through an escape
 * hatch on the synthesized resource — addPropertyOverride,
 * addPropertyDeletionOverride, an edit of node.defaultChild (expected: a
 * finding at synth, from our gap pack or the Control Tower controls, which
 * read the final template where cdk-nag does not).
 */

interface PropRow {
  readonly construct: string;
  readonly safeguard: string;
  readonly build: (scope: Construct, net: HipaaVpc) => unknown;
  readonly error: RegExp;
}

interface HatchRow {
  readonly construct: string;
  readonly safeguard: string;
  readonly how: string;
  /** Builds one instance under `scope` and weakens it. */
  readonly weaken: (scope: Construct, shared: Shared) => void;
  readonly finding: string;
}

interface Shared { readonly net: HipaaVpc; readonly dedicatedNet: HipaaVpc; readonly certificate: acm.ICertificate }

const key = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };
const cfn = <T>(c: IConstruct) => c.node.defaultChild as T;
/** A HipaaTable with a replica in us-west-2 (a global table). */
const globalTable = (s: Construct) => new HipaaTable(s, 'T', { ...key, replicas: [{ region: 'us-west-2', keyArn: 'arn:aws:kms:us-west-2:111122223333:alias/dr' }] });
/** A dedicated-tenancy VPC, so an EMR row reaches the check it tests (a default-tenancy VPC is refused first). */
const dedicatedVpc = (s: Construct) => new HipaaVpc(s, 'DedicatedNet', { cidr: '10.9.0.0/16', instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED }).vpc;

const PROP_ROWS: PropRow[] = [
  { construct: 'HipaaKey', safeguard: 'rotation', build: (s) => new HipaaKey(s, 'K', { rotationPeriod: Duration.days(30) }), error: /rotationPeriod is 30 days/ },
  { construct: 'HipaaKey', safeguard: 'no AWS-reserved alias', build: (s) => new HipaaKey(s, 'K', { alias: 'alias/aws/phi' }), error: /starts with 'alias\/aws\/'/ },
  { construct: 'HipaaBucket', safeguard: 'retention floor', build: (s) => new HipaaBucket(s, 'B', { lifecycle: { expireAfter: Duration.days(365) } }), error: /expireAfter is 365 days/ },
  { construct: 'HipaaLogGroup', safeguard: 'six-year retention', build: (s) => new HipaaLogGroup(s, 'L', { retention: logs.RetentionDays.ONE_YEAR }), error: /retention is 365 days/ },
  { construct: 'HipaaVpc', safeguard: 'two AZs', build: (s) => new HipaaVpc(s, 'V', { maxAzs: 1 }), error: /maxAzs is 1/ },
  { construct: 'HipaaVpc', safeguard: 'egress allow-list by domain', build: (s) => new HipaaVpc(s, 'V', { egressAllowList: ['*'] }), error: /egressAllowList has '\*'/ },
  { construct: 'HipaaVpc', safeguard: 'no internet egress without the allow-list', build: (s, net) => net.allowAllowListedEgress(new HipaaAutoScalingGroup(s, 'G', { vpc: net.vpc })), error: /egressAllowList is empty/ },
  { construct: 'HipaaLoadBalancer', safeguard: 'TLS 1.2+ policy', build: (s, net) => new HipaaLoadBalancer(s, 'A', { vpc: net.vpc, certificate: acm.Certificate.fromCertificateArn(s, 'C', new CfnParameter(s, 'P').valueAsString), sslPolicy: elbv2.SslPolicy.TLS12_EXT }), error: /sslPolicy/ },
  { construct: 'HipaaLoadBalancer', safeguard: 'HTTPS targets', build: (s, net) => new HipaaLoadBalancer(s, 'A', { vpc: net.vpc, certificate: acm.Certificate.fromCertificateArn(s, 'C', new CfnParameter(s, 'P').valueAsString) }).addTargets('T', { targets: [new elbTargets.IpTarget('10.0.64.10')], protocol: elbv2.ApplicationProtocol.HTTP }), error: /targets must be reached over HTTPS/ },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'dedicated tenancy', build: (s, net) => new HipaaAutoScalingGroup(s, 'G', { vpc: net.vpc, tenancy: HipaaInstanceTenancy.DEFAULT }), error: /tenancy 'default' puts PHI workloads on shared hardware/ },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'private tier', build: (s, net) => new HipaaAutoScalingGroup(s, 'G', { vpc: net.vpc, vpcSubnets: net.publicSubnets() }), error: /selects public subnets/ },
  { construct: 'HipaaDatabase', safeguard: 'isolated tier', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, vpcSubnets: net.publicSubnets() }), error: /selects public subnets/ },
  { construct: 'HipaaDatabase', safeguard: 'backups >= 7 days', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, backupRetention: Duration.days(1) }), error: /backupRetention is 1 days/ },
  { construct: 'HipaaDatabase', safeguard: 'force SSL', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, parameters: { 'rds.force_ssl': '0' } }), error: /it must stay '1'/ },
  { construct: 'HipaaDatabase', safeguard: 'pgAudit loaded', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, parameters: { shared_preload_libraries: 'pg_stat_statements' } }), error: /without pgaudit loaded/ },
  { construct: 'HipaaDatabase', safeguard: 'pgAudit without statement parameters', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, parameters: { 'pgaudit.log_parameter': 'on' } }), error: /pgaudit.log_parameter'\] is 'on'/ },
  { construct: 'HipaaDatabase', safeguard: 'force SSL of the right engine', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { 'rds.force_ssl': '1' } }), error: /TLS parameter of postgres, but the engine is mysql/ },
  { construct: 'HipaaTable', safeguard: 'PITR', build: (s) => new HipaaTable(s, 'T', { ...key, pointInTimeRecoveryDays: 0 }), error: /pointInTimeRecoveryDays is 0/ },
  { construct: 'HipaaTable', safeguard: 'replica CMK', build: (s) => new HipaaTable(s, 'T', { ...key, replicas: [{ region: 'us-west-2', keyArn: 'arn:aws:kms:us-west-2:111122223333:alias/aws/dynamodb' }] }), error: /replicas\[0\]\.keyArn is .*an AWS managed key/ },
  { construct: 'HipaaTrail', safeguard: 'six-year log retention', build: (s) => new HipaaTrail(s, 'T', { logRetention: logs.RetentionDays.THREE_MONTHS }), error: /audit logs must be kept at least 2192 days/ },
  { construct: 'HipaaTrail', safeguard: 'data events of some store', build: (s) => new HipaaTrail(s, 'T', { dataEvents: TrailDataEvents.of({ buckets: [], tables: [] }) }), error: /dataEvents selects no bucket and no table/ },
  { construct: 'HipaaConfigRules', safeguard: 'the pack rules', build: (s) => new HipaaConfigRules(s, 'R', { excludedRules: { IAM_PASSWORD_POLICY: 'no' } }), error: /needs a reason of at least 30 characters/ },
  { construct: 'HipaaDatabase', safeguard: 'deletion protection (teardown needs a reason)', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, teardown: { reason: 'dev' } }), error: /teardown\.reason is 'dev' \(3 characters\)/ },
  { construct: 'HipaaEmrCluster', safeguard: 'dedicated VPC', build: (s, net) => new HipaaEmrCluster(s, 'E', { vpc: net.vpc }), error: /EMR runs on dedicated hardware only in a VPC with dedicated tenancy/ },
  { construct: 'HipaaEmrCluster', safeguard: 'application allow-list', build: (s) => new HipaaEmrCluster(s, 'E', { vpc: dedicatedVpc(s), applications: ['Spark', 'Ganglia'] }), error: /applications has 'Ganglia', which is not on the allow-list/ },
  { construct: 'HipaaEmrCluster', safeguard: 'interactive applications only with Kerberos', build: (s) => new HipaaEmrCluster(s, 'E', {
    vpc: dedicatedVpc(s), applications: ['Spark', 'JupyterHub'], interactiveApplicationsReason: 'Analysts explore de-identified cohorts in notebooks.' }),
  error: /applications has JupyterHub, which give people interactive sessions with PHI on the cluster, but kerberos is not set/ },
  { construct: 'HipaaEmrCluster', safeguard: 'KDC password never in plain text', build: (s) => new HipaaEmrCluster(s, 'E', {
    vpc: dedicatedVpc(s), kerberos: { realm: 'EC2.INTERNAL', kdcAdminPassword: SecretValue.unsafePlainText('hunter2hunter2') } }), error: /kdcAdminPassword is a plain-text value/ },
  { construct: 'HipaaEmrCluster', safeguard: 'KDC password never a stack parameter', build: (s) => new HipaaEmrCluster(s, 'E', {
    vpc: dedicatedVpc(s), kerberos: { realm: 'EC2.INTERNAL', kdcAdminPassword: SecretValue.cfnParameter(new CfnParameter(s, 'Kdc', { noEcho: true })) } }),
  error: /kdcAdminPassword is a token that is not a Secrets Manager or SSM SecureString dynamic reference/ },
  { construct: 'HipaaBackupPlan', safeguard: 'daily retention', build: (s) => new HipaaBackupPlan(s, 'P', { dailyRetention: Duration.days(1) }), error: /dailyRetention is 1 days/ },
  { construct: 'HipaaBackupPlan', safeguard: 'six-year monthly retention', build: (s) => new HipaaBackupPlan(s, 'P', { monthlyRetention: Duration.days(365) }), error: /monthlyRetention is 365 days/ },
  { construct: 'HipaaTrail', safeguard: 'six-year Object Lock', build: (s) => new HipaaTrail(s, 'T', { logFileLock: { mode: s3.ObjectLockMode.GOVERNANCE, retention: Duration.days(30) } }), error: /logFileLock.retention is 30 days/ },
  { construct: 'HipaaBucket', safeguard: 'six-year retention floor', build: (s) => new HipaaBucket(s, 'B', { minimumRetention: Duration.days(1), lifecycle: { expireAfter: Duration.days(1) } }), error: /minimumRetention is 1 days/ },
  { construct: 'HipaaBucket', safeguard: 'PHI key rule scope', build: (s) => new HipaaBucket(s, 'B', { dataClassification: 'Internal' }), error: /dataClassification is 'Internal'/ },
  { construct: 'HipaaTable', safeguard: 'PHI key rule scope', build: (s) => new HipaaTable(s, 'T', { ...key, dataClassification: 'Public' }), error: /dataClassification is 'Public'/ },
  { construct: 'HipaaKey', safeguard: 'Logs statement bound to one log group', build: (s) => new HipaaKey(s, 'K').allowCloudWatchLogs('*'), error: /logGroupName is '\*'/ },
  { construct: 'HipaaDatabase', safeguard: 'no PHI query text in logs', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, parameters: { log_statement: 'all' } }), error: /log_statement/ },
  { construct: 'HipaaDatabase', safeguard: 'no PHI query text in logs', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { general_log: '1' } }), error: /general_log/ },
  { construct: 'HipaaDatabase', safeguard: 'TLS 1.2+', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, parameters: { ssl_min_protocol_version: 'TLSv1' } }), error: /ssl_min_protocol_version/ },
  { construct: 'HipaaDatabase', safeguard: 'PHI key rule scope', build: (s, net) => new HipaaDatabase(s, 'D', { vpc: net.vpc, dataClassification: 'none' }), error: /dataClassification is 'none'/ },
  { construct: 'HipaaVpc', safeguard: 'interface endpoints', build: (s) => new HipaaVpc(s, 'V', { cidr: '10.9.0.0/16', interfaceEndpoints: [] }), error: /interfaceEndpoints is \[\]/ },
  { construct: 'HipaaTrail', safeguard: 'encrypted alarm topic', build: (s) => new HipaaTrail(s, 'T', { alarmTopic: new sns.Topic(s, 'Plain') }), error: /alarmTopic is .* which has no KMS key/ },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'encrypted scaling-event topic', build: (s, net) => new HipaaAutoScalingGroup(s, 'G', { vpc: net.vpc, notificationsTopic: new sns.Topic(s, 'Plain') }), error: /notificationsTopic is .* which has no KMS key/ },
  { construct: 'HipaaLoadBalancer', safeguard: 'SSE-S3 access-log bucket', build: (s, net) => new HipaaLoadBalancer(s, 'A', { vpc: net.vpc, certificate: acm.Certificate.fromCertificateArn(s, 'C', new CfnParameter(s, 'P').valueAsString), accessLogsBucket: new s3.Bucket(s, 'Plain') }), error: /accessLogsBucket is .* encrypted with no explicit default encryption/ },
  { construct: 'HipaaBucket', safeguard: 'replica in another region', build: () => new HipaaBucket(new Stack(testApp(), 'S', { env: { region: 'us-west-2' } }), 'B', { replication: new DisasterRecoveryNames({ region: 'us-west-2' }).replicationTo('phi') }), error: /destinationRegion is 'us-west-2', this stack's own region/ },
  { construct: 'HipaaBackupPlan', safeguard: 'copies in another region', build: () => new HipaaBackupPlan(new Stack(testApp(), 'S', { env: { region: 'us-west-2' } }), 'P', { copyTo: { backupVaultArn: new DisasterRecoveryNames({ region: 'us-west-2' }).backupVaultArn } }), error: /backupVaultArn is in 'us-west-2', this stack's own region/ },
  { construct: 'HipaaRedshiftCluster', safeguard: 'isolated tier', build: (s) => { const net = redshiftNet(s); return new HipaaRedshiftCluster(s, 'R', { vpc: net.vpc, vpcSubnets: net.publicSubnets() }); }, error: /selects public subnets/ },
  { construct: 'HipaaRedshiftCluster', safeguard: 'require_ssl', build: (s) => new HipaaRedshiftCluster(s, 'R', { vpc: redshiftNet(s).vpc, parameters: { require_ssl: 'false' } }), error: /it must stay 'true'/ },
  { construct: 'HipaaRedshiftCluster', safeguard: 'snapshots >= 7 days', build: (s) => new HipaaRedshiftCluster(s, 'R', { vpc: redshiftNet(s).vpc, automatedSnapshotRetention: Duration.days(1) }), error: /automatedSnapshotRetention is 1 days/ },
  { construct: 'HipaaDatabase', safeguard: 'Oracle: SHA-2 network checksums', build: (s) => new HipaaDatabase(s, 'D', { vpc: oracleNet(s).vpc, engine: HipaaDatabaseEngine.oracleSe2(undefined, { checksumTypes: ['SHA1'] }) }), error: /checksumTypes has 'SHA1'/ },
  { construct: 'HipaaDatabase', safeguard: 'Oracle: audit trail', build: (s) => new HipaaDatabase(s, 'D', { vpc: oracleNet(s).vpc, engine: HipaaDatabaseEngine.oracleEe(), parameters: { audit_trail: 'NONE' } }), error: /it must stay 'OS'/ },
  { construct: 'HipaaBaselineStack', safeguard: 'password policy', build: () => new HipaaBaselineStack(testApp(), 'B', { passwordPolicy: { minimumLength: 8 } }), error: /minimumLength is 8/ },
];

const db = (s: Construct, net: HipaaVpc) => new HipaaDatabase(s, 'Db', { vpc: net.vpc });
// Redshift needs a VPC whose data-tier network ACL admits its port.
const redshiftNet = (s: Construct) => new HipaaVpc(s, 'RsNet', { cidr: '10.8.0.0/16', databasePorts: [5439] });
/** A VPC whose data tier admits Oracle's port, so the row reaches the Oracle check instead of the port check. */
const oracleNet = (s: Construct) => new HipaaVpc(s, 'OracleNet', { cidr: '10.10.0.0/16', databasePorts: [1521] });
const warehouse = (s: Construct, _sh?: Shared) => new HipaaRedshiftCluster(s, 'Warehouse', { vpc: redshiftNet(s).vpc });
const dbInstance = (s: Construct, net: HipaaVpc) => cfn<rds.CfnDBInstance>(db(s, net).instance!);
const alb = (s: Construct, sh: Shared) => new HipaaLoadBalancer(s, 'Alb', { vpc: sh.net.vpc, certificate: sh.certificate, internetFacing: true });

// The other trail rows record one unrelated prefix only, so that the data-event row's PHI store is
// covered by no trail of the app (the rule judges the whole app).
const elsewhere = TrailDataEvents.of({ s3ObjectArnPrefixes: ['arn:aws:s3:::cdk-hipaa-negative-unrelated/'] });

const HATCH_ROWS: HatchRow[] = [
  { construct: 'HipaaKey', safeguard: 'rotation', how: 'node.defaultChild edit', finding: 'HipaaGap-KmsKeyRotation',
    weaken: (s) => { cfn<kms.CfnKey>(new HipaaKey(s, 'Key').key).enableKeyRotation = false; } },
  { construct: 'HipaaBucket', safeguard: 'SSE-KMS', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-S3BucketDefaultEncryption',
    weaken: (s) => cfn<s3.CfnBucket>(new HipaaBucket(s, 'B').bucket).addPropertyDeletionOverride('BucketEncryption') },
  { construct: 'HipaaBucket', safeguard: 'block public access', how: 'addPropertyOverride', finding: 'HipaaGap-S3BucketPublicAccessBlock',
    weaken: (s) => cfn<s3.CfnBucket>(new HipaaBucket(s, 'B').bucket).addPropertyOverride('PublicAccessBlockConfiguration.BlockPublicPolicy', false) },
  { construct: 'HipaaBucket', safeguard: 'versioning', how: 'node.defaultChild edit', finding: 'HipaaGap-S3BucketVersioning',
    weaken: (s) => { cfn<s3.CfnBucket>(new HipaaBucket(s, 'B').bucket).versioningConfiguration = { status: 'Suspended' }; } },
  { construct: 'HipaaBucket', safeguard: 'TLS >= 1.2 in the policy', how: 'addPropertyOverride on the bucket policy', finding: 'HipaaGap-S3BucketTlsPolicy',
    weaken: (s) => cfn<s3.CfnBucketPolicy>(new HipaaBucket(s, 'B').bucket.policy!).addPropertyOverride('PolicyDocument.Statement', []) },
  { construct: 'HipaaBucket', safeguard: 'server access logs', how: 'addPropertyDeletionOverride', finding: 'ControlTower-CT.S3.PR.2',
    weaken: (s) => cfn<s3.CfnBucket>(new HipaaBucket(s, 'B').bucket).addPropertyDeletionOverride('LoggingConfiguration') },
  { construct: 'HipaaLogGroup', safeguard: 'six-year retention', how: 'addPropertyOverride', finding: 'HipaaGap-LogGroupRetention',
    weaken: (s) => cfn<logs.CfnLogGroup>(new HipaaLogGroup(s, 'L').logGroup).addPropertyOverride('RetentionInDays', 30) },
  { construct: 'HipaaLogGroup', safeguard: 'KMS encryption', how: 'addPropertyDeletionOverride', finding: 'ControlTower-CT.CLOUDWATCH.PR.3',
    weaken: (s) => cfn<logs.CfnLogGroup>(new HipaaLogGroup(s, 'L').logGroup).addPropertyDeletionOverride('KmsKeyId') },
  { construct: 'HipaaVpc', safeguard: 'flow logs of ALL traffic', how: 'addPropertyOverride', finding: 'HipaaGap-VpcFlowLogsAll',
    weaken: (s) => new HipaaVpc(s, 'V', { cidr: '10.2.0.0/16' }).flowLog.addPropertyOverride('TrafficType', 'REJECT') },
  { construct: 'HipaaVpc', safeguard: 'NACLs per tier', how: 'addPropertyOverride on an entry (all ports from anywhere)', finding: 'ControlTower-CT.EC2.PR.5',
    weaken: (s) => cfn<ec2.CfnNetworkAclEntry>(new HipaaVpc(s, 'V', { cidr: '10.3.0.0/16' }).node.findChild('PublicAcl').node.findChild('In100'))
      .addPropertyOverride('PortRange', { From: 0, To: 65535 }) },
  { construct: 'HipaaVpc', safeguard: 'endpoint policies', how: 'addPropertyDeletionOverride on the S3 gateway endpoint', finding: 'HipaaGap-VpcEndpointPolicy',
    weaken: (s) => cfn<ec2.CfnVPCEndpoint>(new HipaaVpc(s, 'V', { cidr: '10.6.0.0/16' }).gatewayEndpoints.s3).addPropertyDeletionOverride('PolicyDocument') },
  { construct: 'HipaaVpc', safeguard: 'endpoint policies', how: 'addPropertyOverride (any principal, any resource) on an interface endpoint', finding: 'HipaaGap-VpcEndpointPolicy',
    weaken: (s) => cfn<ec2.CfnVPCEndpoint>(new HipaaVpc(s, 'V', { cidr: '10.7.0.0/16' }).interfaceEndpoints.kms)
      .addPropertyOverride('PolicyDocument.Statement', [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]) },
  { construct: 'HipaaLoadBalancer', safeguard: 'TLS 1.2+ policy', how: 'addPropertyOverride', finding: 'HipaaGap-ElbTlsPolicy',
    weaken: (s, sh) => cfn<elbv2.CfnListener>(alb(s, sh).listener).addPropertyOverride('SslPolicy', 'ELBSecurityPolicy-2016-08') },
  { construct: 'HipaaLoadBalancer', safeguard: 'HTTP only redirects', how: 'addPropertyOverride', finding: 'HipaaGap-ElbHttpsListener',
    weaken: (s, sh) => cfn<elbv2.CfnListener>(new HipaaLoadBalancer(s, 'Alb', { vpc: sh.net.vpc, certificate: sh.certificate, internetFacing: true, httpRedirect: true })
      .loadBalancer.node.findChild('Redirect80To443'))
      .addPropertyOverride('DefaultActions.0', { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }) },
  { construct: 'HipaaLoadBalancer', safeguard: 'HTTPS targets and health checks', how: 'addPropertyOverride', finding: 'HipaaGap-ElbHttpsTargetGroup',
    weaken: (s, sh) => {
      const lb = alb(s, sh);
      lb.addTargets('Web', { targets: [new elbTargets.IpTarget('10.0.64.10')] });
      cfn<elbv2.CfnTargetGroup>(lb.node.findChild('WebTargets')).addPropertyOverride('HealthCheckProtocol', 'HTTP');
    } },
  { construct: 'HipaaLoadBalancer', safeguard: 'deletion protection, access logs, header hygiene', how: 'addPropertyOverride of the attributes', finding: 'ControlTower-CT.ELASTICLOADBALANCING.PR.4',
    weaken: (s, sh) => cfn<elbv2.CfnLoadBalancer>(alb(s, sh).loadBalancer).addPropertyOverride('LoadBalancerAttributes', [{ Key: 'deletion_protection.enabled', Value: 'false' }]) },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'dedicated tenancy', how: 'addPropertyOverride', finding: 'HipaaGap-DedicatedTenancy',
    weaken: (s, sh) => cfn<ec2.CfnLaunchTemplate>(new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).launchTemplate).addPropertyOverride('LaunchTemplateData.Placement.Tenancy', 'default') },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'IMDSv2', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-Imdsv2Required',
    weaken: (s, sh) => cfn<ec2.CfnLaunchTemplate>(new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).launchTemplate).addPropertyDeletionOverride('LaunchTemplateData.MetadataOptions') },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'EBS encrypted', how: 'addPropertyOverride', finding: 'ControlTower-CT.EC2.PR.14',
    weaken: (s, sh) => cfn<ec2.CfnLaunchTemplate>(new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).launchTemplate).addPropertyOverride('LaunchTemplateData.BlockDeviceMappings.0.Ebs.Encrypted', false) },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'no internet egress', how: 'addEgressRule to 0.0.0.0/0', finding: 'HipaaGap-PhiTierInternetEgress',
    weaken: (s, sh) => new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443)) },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'no internet egress', how: 'addPropertyDeletionOverride (EC2 default allow-all returns)', finding: 'HipaaGap-PhiTierInternetEgress',
    weaken: (s, sh) => cfn<ec2.CfnSecurityGroup>(new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).securityGroup).addPropertyDeletionOverride('SecurityGroupEgress') },
  { construct: 'HipaaDatabase', safeguard: 'rotation function without internet egress', how: 'addPropertyOverride on its security group', finding: 'HipaaGap-PhiTierInternetEgress',
    weaken: (s, sh) => cfn<ec2.CfnSecurityGroup>(db(s, sh.net).node.findChild('RotationSecurityGroup'))
      .addPropertyOverride('SecurityGroupEgress', [{ CidrIpv6: '::/0', IpProtocol: '-1' }]) },
  { construct: 'HipaaDatabase', safeguard: 'force SSL', how: 'addPropertyOverride on the parameter group', finding: 'HipaaGap-RdsForceSsl',
    weaken: (s, sh) => cfn<rds.CfnDBParameterGroup>(db(s, sh.net).node.findChild('Parameters')).addPropertyOverride('Parameters.rds\\.force_ssl', '0') },
  { construct: 'HipaaDatabase', safeguard: 'pgAudit', how: 'addPropertyOverride on the parameter group', finding: 'HipaaGap-RdsPostgresAuditLogging',
    weaken: (s, sh) => cfn<rds.CfnDBParameterGroup>(db(s, sh.net).node.findChild('Parameters')).addPropertyOverride('Parameters.pgaudit\\.log', 'all') },
  { construct: 'HipaaDatabase', safeguard: 'connection logging', how: 'addPropertyDeletionOverride on the parameter group', finding: 'HipaaGap-RdsPostgresAuditLogging',
    weaken: (s, sh) => cfn<rds.CfnDBParameterGroup>(db(s, sh.net).node.findChild('Parameters')).addPropertyDeletionOverride('Parameters.log_connections') },
  { construct: 'HipaaDatabase', safeguard: 'CMK encryption', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-RdsCustomerManagedKey',
    weaken: (s, sh) => dbInstance(s, sh.net).addPropertyDeletionOverride('KmsKeyId') },
  { construct: 'HipaaDatabase', safeguard: 'not public', how: 'node.defaultChild edit', finding: 'ControlTower-CT.RDS.PR.23',
    weaken: (s, sh) => { dbInstance(s, sh.net).publiclyAccessible = true; } },
  { construct: 'HipaaDatabase', safeguard: 'deletion protection', how: 'addPropertyOverride', finding: 'ControlTower-CT.RDS.PR.13',
    weaken: (s, sh) => dbInstance(s, sh.net).addPropertyOverride('DeletionProtection', false) },
  { construct: 'HipaaDatabase', safeguard: 'Multi-AZ', how: 'addPropertyOverride', finding: 'ControlTower-CT.RDS.PR.1',
    weaken: (s, sh) => dbInstance(s, sh.net).addPropertyOverride('MultiAZ', false) },
  { construct: 'HipaaDatabase', safeguard: 'automated backups', how: 'addPropertyOverride', finding: 'ControlTower-CT.RDS.PR.8',
    weaken: (s, sh) => dbInstance(s, sh.net).addPropertyOverride('BackupRetentionPeriod', 0) },
  { construct: 'HipaaDatabase', safeguard: 'master secret read only by the user provisioner', how: 'secret.grantRead(workload role)', finding: 'HipaaGap-WorkloadRoleReadsDbMasterSecret',
    weaken: (s, sh) => db(s, sh.net).secret.grantRead(new iam.Role(s, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') })) },
  { construct: 'HipaaDatabase', safeguard: 'app connects by IAM, not as master', how: 'addToPolicy on a grantConnect grantee (secretsmanager:* on *)', finding: 'HipaaGap-WorkloadRoleReadsDbMasterSecret',
    weaken: (s, sh) => {
      const app = new iam.Role(s, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      db(s, sh.net).grantConnect(app, 'app').policy!.addStatements(new iam.PolicyStatement({ actions: ['secretsmanager:*'], resources: ['*'] }));
    } },
  { construct: 'HipaaDatabase', safeguard: 'IAM authentication', how: 'addPropertyOverride', finding: 'ControlTower-CT.RDS.PR.7',
    weaken: (s, sh) => dbInstance(s, sh.net).addPropertyOverride('EnableIAMDatabaseAuthentication', false) },
  { construct: 'HipaaBucket', safeguard: 'cross-region replication (app with a DR region)', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-S3PhiBucketReplication',
    weaken: (s) => {
      declareDisasterRecoveryRegion(Stack.of(s), 'us-west-2');
      cfn<s3.CfnBucket>(new HipaaBucket(s, 'B', { replication: new DisasterRecoveryNames({ region: 'us-west-2' }).replicationTo('phi') }).bucket)
        .addPropertyDeletionOverride('ReplicationConfiguration');
    } },
  { construct: 'HipaaBackupPlan', safeguard: 'cross-region copy of every rule (app with a DR region)', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-BackupCrossRegionCopy',
    weaken: (s) => {
      declareDisasterRecoveryRegion(Stack.of(s), 'us-west-2');
      cfn<backup.CfnBackupPlan>(new HipaaBackupPlan(s, 'P', { copyTo: { backupVaultArn: new DisasterRecoveryNames({ region: 'us-west-2' }).backupVaultArn } }).plan)
        .addPropertyDeletionOverride('BackupPlan.BackupPlanRule.1.CopyActions');
    } },
  { construct: 'HipaaBackupPlan', safeguard: 'S3 restores into a new bucket (restore tests) not denied by the boundary', how: 'addStatements to its boundary (Deny s3:PutBucketVersioning on *)',
    finding: 'HipaaGap-BackupS3RestorePermitted',
    weaken: (s) => {
      new HipaaBackupPlan(s, 'P');
      HipaaPermissionsBoundary.of(s, 'backup-service').policy.addStatements(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:PutBucketVersioning'], resources: ['*'] }));
    } },
  { construct: 'HipaaRedshiftCluster', safeguard: 'CMK encryption', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-RedshiftCustomerManagedKey',
    weaken: (s, sh) => warehouse(s, sh).cluster.addPropertyDeletionOverride('KmsKeyId') },
  { construct: 'HipaaRedshiftCluster', safeguard: 'require_ssl', how: 'addPropertyOverride on the parameter group', finding: 'HipaaGap-RedshiftRequireSsl',
    weaken: (s, sh) => warehouse(s, sh).parameterGroup.addPropertyOverride('Parameters.0.ParameterValue', 'false') },
  { construct: 'HipaaRedshiftCluster', safeguard: 'user activity audit log', how: 'node.defaultChild edit (connection log only)', finding: 'HipaaGap-RedshiftAuditLogging',
    weaken: (s, sh) => { warehouse(s, sh).cluster.loggingProperties = { logDestinationType: 'cloudwatch', logExports: ['connectionlog'] }; } },
  { construct: 'HipaaRedshiftCluster', safeguard: 'admin password kept by Secrets Manager', how: 'addPropertyOverride (password in the template)', finding: 'HipaaGap-RedshiftManagedAdminPassword',
    weaken: (s, sh) => {
      const cluster = warehouse(s, sh).cluster;
      cluster.addPropertyDeletionOverride('ManageMasterPassword');
      cluster.addPropertyOverride('MasterUserPassword', new CfnParameter(s, 'AdminPassword', { noEcho: true }).valueAsString);
    } },
  { construct: 'HipaaRedshiftCluster', safeguard: 'not public', how: 'node.defaultChild edit', finding: 'ControlTower-CT.REDSHIFT.PR.1',
    weaken: (s) => { warehouse(s).cluster.publiclyAccessible = true; } },
  { construct: 'HipaaRedshiftCluster', safeguard: 'enhanced VPC routing', how: 'addPropertyOverride', finding: 'ControlTower-CT.REDSHIFT.PR.5',
    weaken: (s, sh) => warehouse(s, sh).cluster.addPropertyOverride('EnhancedVpcRouting', false) },
  { construct: 'HipaaRedshiftCluster', safeguard: 'automated snapshots', how: 'addPropertyOverride', finding: 'ControlTower-CT.REDSHIFT.PR.2',
    weaken: (s, sh) => warehouse(s, sh).cluster.addPropertyOverride('AutomatedSnapshotRetentionPeriod', 1) },
  { construct: 'HipaaDatabase', safeguard: 'Oracle: Native Network Encryption required', how: 'addPropertyOverride on the option group (ACCEPTED)', finding: 'HipaaGap-RdsOracleNetworkEncryption',
    // Its own VPC: the data tier must admit Oracle's port 1521 (HipaaVpc databasePorts), or the database is refused first.
    weaken: (s) => cfn<rds.CfnOptionGroup>(new HipaaDatabase(s, 'Db', { vpc: new HipaaVpc(s, 'OracleNet', { databasePorts: [1521] }).vpc, engine: HipaaDatabaseEngine.oracleSe2() }).node.findChild('OracleOptions'))
      .addPropertyOverride('OptionConfigurations.0.OptionSettings.0.Value', 'ACCEPTED') },
  { construct: 'HipaaTable', safeguard: 'SSE with CMK', how: 'addPropertyOverride', finding: 'HipaaGap-DynamoDbCustomerManagedKey',
    weaken: (s) => cfn<dynamodb.CfnTable>(new HipaaTable(s, 'T', key).table).addPropertyOverride('SSESpecification.KMSMasterKeyId', 'alias/aws/dynamodb') },
  { construct: 'HipaaTable', safeguard: 'PITR and deletion protection', how: 'addPropertyOverride', finding: 'HipaaGap-DynamoDbRecoveryAndDeletionProtection',
    weaken: (s) => cfn<dynamodb.CfnTable>(new HipaaTable(s, 'T', key).table).addPropertyOverride('PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', false) },
  { construct: 'HipaaTable', safeguard: 'replica CMK (global table)', how: 'addPropertyOverride of a replica', finding: 'HipaaGap-DynamoDbCustomerManagedKey',
    weaken: (s) => (globalTable(s).resource as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.1.SSESpecification.KMSMasterKeyId', 'alias/aws/dynamodb') },
  { construct: 'HipaaTable', safeguard: 'replica PITR and deletion protection (global table)', how: 'addPropertyOverride of a replica', finding: 'HipaaGap-DynamoDbRecoveryAndDeletionProtection',
    weaken: (s) => (globalTable(s).resource as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.1.DeletionProtectionEnabled', false) },
  { construct: 'HipaaTable', safeguard: 'DataClassification=PHI on every replica (global table)', how: 'addPropertyOverride of a replica\'s tags', finding: 'HipaaGap-DataStoreClassification',
    weaken: (s) => (globalTable(s).resource as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.1.Tags', []) },
  { construct: 'HipaaTrail', safeguard: 'multi-region', how: 'addPropertyOverride', finding: 'HipaaGap-CloudTrailCoverage',
    weaken: (s) => new HipaaTrail(s, 'T', { trailName: 'neg-multi', dataEvents: elsewhere }).trail.addPropertyOverride('IsMultiRegionTrail', false) },
  { construct: 'HipaaTrail', safeguard: 'log file validation', how: 'node.defaultChild edit', finding: 'ControlTower-CT.CLOUDTRAIL.PR.2',
    weaken: (s) => { new HipaaTrail(s, 'T', { trailName: 'neg-validation', dataEvents: elsewhere }).trail.enableLogFileValidation = false; } },
  { construct: 'HipaaTrail', safeguard: 'KMS encryption', how: 'addPropertyDeletionOverride', finding: 'ControlTower-CT.CLOUDTRAIL.PR.1',
    weaken: (s) => new HipaaTrail(s, 'T', { trailName: 'neg-kms', dataEvents: elsewhere }).trail.addPropertyDeletionOverride('KMSKeyId') },
  { construct: 'HipaaTrail', safeguard: 'data events of every PHI store', how: 'addPropertyOverride (management events only)', finding: 'HipaaGap-PhiStoreDataEvents',
    weaken: (s) => {
      new HipaaBucket(s, 'Phi');
      new HipaaTrail(s, 'T', { trailName: 'neg-data-events' }).trail.addPropertyOverride('AdvancedEventSelectors', [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]);
    } },
  { construct: 'HipaaTrail', safeguard: 'log files under Object Lock', how: 'addPropertyDeletionOverride on the bucket', finding: 'HipaaGap-CloudTrailLogFileLock',
    weaken: (s) => cfn<s3.CfnBucket>(new HipaaTrail(s, 'T', { trailName: 'neg-lock', dataEvents: elsewhere }).bucket).addPropertyDeletionOverride('ObjectLockConfiguration') },
  { construct: 'HipaaTrail', safeguard: 'log files deleted, unlocked or re-retained only by the break-glass role', how: 'addPropertyOverride of the bucket policy (the deny dropped)', finding: 'HipaaGap-CloudTrailLogBucketDeletionDenied',
    weaken: (s) => {
      const bucket = new HipaaTrail(s, 'T', { trailName: 'neg-evidence-deletion', dataEvents: elsewhere }).bucket;
      const index = Stack.of(s).resolve(bucket.policy!.document).Statement.findIndex((st: any) => st.Sid === 'DenyEvidenceDeletionButBreakGlass');
      cfn<s3.CfnBucketPolicy>(bucket.policy!).addPropertyOverride(`PolicyDocument.Statement.${index}.Effect`, 'Allow');
    } },
  { construct: 'HipaaTrail', safeguard: 'key deletion only by the break-glass role', how: 'addPropertyOverride of the key policy', finding: 'HipaaGap-EvidenceKeyDeletionRestricted',
    weaken: (s) => cfn<kms.CfnKey>(new HipaaTrail(s, 'T', { trailName: 'neg-key-deletion', dataEvents: elsewhere }).key).addPropertyOverride('KeyPolicy.Statement', [
      { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }]) },
  { construct: 'HipaaBackupPlan', safeguard: 'key deletion only by the break-glass role', how: 'addPropertyOverride of the key policy', finding: 'HipaaGap-EvidenceKeyDeletionRestricted',
    weaken: (s) => cfn<kms.CfnKey>(new HipaaBackupPlan(s, 'P').key).addPropertyOverride('KeyPolicy.Statement', [
      { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }]) },
  { construct: 'HipaaLogGroup', safeguard: 'key of six-year audit logs: deletion only by the break-glass role', how: 'addPropertyOverride of the key policy', finding: 'HipaaGap-EvidenceKeyDeletionRestricted',
    weaken: (s) => cfn<kms.CfnKey>(new HipaaLogGroup(s, 'L').key).addPropertyOverride('KeyPolicy.Statement', [
      { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }]) },
  { construct: 'HipaaTrail', safeguard: 'alarms notify on OK and INSUFFICIENT_DATA too', how: 'addPropertyDeletionOverride on an alarm', finding: 'HipaaGap-CloudWatchAlarmActions',
    weaken: (s) => cfn<cloudwatch.CfnAlarm>(new HipaaTrail(s, 'T', { trailName: 'neg-alarm-actions', dataEvents: elsewhere, alarmEmails: ['soc@example.com'] }).alarms.RootAccountUsage)
      .addPropertyDeletionOverride('InsufficientDataActions') },
  { construct: 'HipaaTrail', safeguard: 'a composite alarm over its alarms notifies on every state too', how: 'new CompositeAlarm with an ALARM action only', finding: 'HipaaGap-CloudWatchAlarmActions',
    weaken: (s) => {
      const trail = new HipaaTrail(s, 'T', { trailName: 'neg-composite', dataEvents: elsewhere, alarmEmails: ['soc@example.com'] });
      new cloudwatch.CompositeAlarm(s, 'Any', { alarmRule: cloudwatch.AlarmRule.anyOf(trail.alarms.RootAccountUsage, trail.alarms.UnauthorizedApiCalls) })
        .addAlarmAction({ bind: () => ({ alarmActionArn: trail.alarmTopic.topicArn }) });
    } },
  { construct: 'HipaaEmrCluster', safeguard: 'in-transit TLS', how: 'addPropertyOverride', finding: 'HipaaGap-EmrSecurityConfiguration',
    weaken: (s, sh) => new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc }).securityConfiguration
      .addPropertyOverride('SecurityConfiguration.EncryptionConfiguration.EnableInTransitEncryption', false) },
  { construct: 'HipaaEmrCluster', safeguard: 'no interactive application without Kerberos and a reason', how: 'addPropertyOverride (JupyterHub)', finding: 'HipaaGap-EmrInteractiveApplications',
    weaken: (s, sh) => new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc }).cluster.addPropertyOverride('Applications', [{ Name: 'Spark' }, { Name: 'JupyterHub' }]) },
  { construct: 'HipaaEmrCluster', safeguard: 'KDC password by dynamic reference', how: 'addPropertyOverride (a literal password)', finding: 'HipaaGap-EmrKerberosPasswordReference',
    weaken: (s, sh) => new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc, kerberos: { realm: 'EC2.INTERNAL' } }).cluster.addPropertyOverride('KerberosAttributes.KdcAdminPassword', 'hunter2hunter2') },
  { construct: 'HipaaEmrCluster', safeguard: 'dedicated-tenancy VPC', how: 'addPropertyOverride on the VPC', finding: 'HipaaGap-DedicatedTenancy',
    weaken: (s) => {
      const net = new HipaaVpc(s, 'V', { cidr: '10.5.0.0/16', instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED });
      new HipaaEmrCluster(s, 'E', { vpc: net.vpc });
      cfn<ec2.CfnVPC>(net.vpc).addPropertyOverride('InstanceTenancy', 'default');
    } },
  { construct: 'HipaaEmrCluster', safeguard: 'nodes without internet egress', how: 'addPropertyOverride (all traffic to 0.0.0.0/0)', finding: 'HipaaGap-PhiTierInternetEgress',
    weaken: (s, sh) => cfn<ec2.CfnSecurityGroup>(new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc }).securityGroups.core)
      .addPropertyOverride('SecurityGroupEgress', [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }]) },
  { construct: 'HipaaBackupPlan', safeguard: 'deny-delete vault policy', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-BackupVaultProtection',
    weaken: (s) => cfn<backup.CfnBackupVault>(new HipaaBackupPlan(s, 'P').vault).addPropertyDeletionOverride('AccessPolicy') },
  { construct: 'HipaaBackupPlan', safeguard: 'confused-deputy condition on the role trust', how: 'addPropertyDeletionOverride', finding: 'HipaaGap-ServiceTrustConfusedDeputy',
    weaken: (s) => cfn<iam.CfnRole>(new HipaaBackupPlan(s, 'P').node.findChild('Role')).addPropertyDeletionOverride('AssumeRolePolicyDocument.Statement.0.Condition') },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'instance role cannot touch audit logs', how: 'addManagedPolicy (CloudWatchAgentServerPolicy)', finding: 'HipaaGap-WorkloadRoleAuditTamper',
    weaken: (s, sh) => new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')) },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'instance role cannot touch audit logs', how: 'addToPrincipalPolicy (logs:Put*)', finding: 'HipaaGap-WorkloadRoleAuditTamper',
    weaken: (s, sh) => { new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:Put*'], resources: ['*'] })); } },
  { construct: 'HipaaPermissionsBoundary', safeguard: 'the boundary caps to the listed actions', how: 'addPropertyOverride (Allow * on the boundary)', finding: 'HipaaGap-PermissionsBoundaryAllowsAll',
    weaken: (s) => {
      const boundary = new HipaaPermissionsBoundary(s, 'B');
      iam.PermissionsBoundary.of(new iam.Role(s, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') })).apply(boundary.policy);
      cfn<iam.CfnManagedPolicy>(boundary.policy).addPropertyOverride('PolicyDocument.Statement.0.Action', '*');
    } },
  { construct: 'HipaaTable', safeguard: 'DataClassification=PHI tag', how: 'addPropertyOverride of the tags', finding: 'HipaaGap-DataStoreClassification',
    weaken: (s) => cfn<dynamodb.CfnTable>(new HipaaTable(s, 'T', key).table).addPropertyOverride('Tags', []) },
  { construct: 'HipaaLogGroup', safeguard: 'key statement bound to the one log group', how: 'addPropertyDeletionOverride on the key policy', finding: 'HipaaGap-LogsKeyOneLogGroup',
    weaken: (s) => {
      const key = cfn<kms.CfnKey>(new HipaaLogGroup(s, 'L').key);
      const index = Stack.of(s).resolve(key.keyPolicy).Statement.findIndex((st: any) => String(st.Sid).startsWith('AllowCloudWatchLogs'));
      key.addPropertyDeletionOverride(`KeyPolicy.Statement.${index}.Condition`);
    } },
  { construct: 'HipaaBackupPlan', safeguard: 'redeployable: retained vault named per stack instance', how: 'addPropertyOverride (fixed name)', finding: 'HipaaGap-RetainedResourceNameUnique',
    weaken: (s) => cfn<backup.CfnBackupVault>(new HipaaBackupPlan(s, 'P').vault).addPropertyOverride('BackupVaultName', 'phi-vault') },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'fresh account: the EBS key waits for the service-linked role', how: 'addOverride (DependsOn dropped)', finding: 'HipaaGap-KmsKeyPolicyPrincipalExists',
    weaken: (s, sh) => cfn<kms.CfnKey>(new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).key).addOverride('DependsOn', []) },
  { construct: 'HipaaTrail', safeguard: 'the trail waits for its delivery role\'s policy', how: 'addOverride (DependsOn dropped)', finding: 'HipaaGap-WaitsForRolePolicies',
    weaken: (s) => new HipaaTrail(s, 'T', { trailName: 'neg-race', dataEvents: elsewhere }).trail.addOverride('DependsOn', []) },
  { construct: 'HipaaEmrCluster', safeguard: 'termination protection', how: 'addPropertyOverride', finding: 'HipaaGap-EmrTerminationProtection',
    weaken: (s, sh) => new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc }).cluster.addPropertyOverride('Instances.TerminationProtected', false) },
  { construct: 'HipaaEmrCluster', safeguard: 'a certificate expiry notice Scheduler cannot publish lands in the dead-letter queue', how: 'addPropertyDeletionOverride on the schedule', finding: 'HipaaGap-SchedulerScheduleDeadLetter',
    weaken: (s, sh) => (new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc }).node.findChild('CertificateExpiryNoticeReminder') as CfnResource)
      .addPropertyDeletionOverride('Target.DeadLetterConfig') },
  { construct: 'HipaaEmrCluster', safeguard: 'stack deletion: EMR-added security group rules revoked first', how: 'addOverride (DependsOn dropped)', finding: 'HipaaGap-EmrSecurityGroupCleanup',
    weaken: (s, sh) => new HipaaEmrCluster(s, 'E', { vpc: sh.dedicatedNet.vpc }).cluster.addOverride('DependsOn', []) },
  { construct: 'HipaaTrail', safeguard: 'digest files (SSE-S3) accepted from this trail', how: 'addPropertyOverride of the bucket policy (SSE-KMS only on every object)', finding: 'HipaaGap-CloudTrailDigestDelivery',
    weaken: (s) => {
      const bucket = new HipaaTrail(s, 'T', { trailName: 'neg-digests', dataEvents: elsewhere }).bucket;
      const policy = cfn<s3.CfnBucketPolicy>(bucket.policy!);
      const index = Stack.of(s).resolve(bucket.policy!.document).Statement.findIndex((st: any) => st.Sid === 'DenyUploadsWithAnotherEncryptionType');
      policy.addPropertyDeletionOverride(`PolicyDocument.Statement.${index}.NotResource`);
      policy.addPropertyOverride(`PolicyDocument.Statement.${index}.Resource`, bucket.arnForObjects('*'));
    } },
  { construct: 'HipaaVpc', safeguard: 'no RDP (3389) from the internet inside the NACL return range', how: 'addPropertyOverride (return entry widened to 65535)', finding: 'ControlTower-CT.EC2.PR.5',
    weaken: (s) => cfn<ec2.CfnNetworkAclEntry>(new HipaaVpc(s, 'V', { cidr: '10.9.0.0/16' }).node.findChild('PrivateAcl').node.findChild('In101'))
      .addPropertyOverride('PortRange.To', 65535) },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'Availability Zones stated (two or more)', how: 'addPropertyDeletionOverride', finding: 'ControlTower-CT.AUTOSCALING.PR.1',
    weaken: (s, sh) => cfn<CfnResource>(new HipaaAutoScalingGroup(s, 'G', { vpc: sh.net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' }).autoScalingGroup).addPropertyDeletionOverride('AvailabilityZones') },
  { construct: 'HipaaDatabase', safeguard: 'a non-default port (port prop)', how: 'addPropertyOverride (the engine\'s default port)', finding: 'ControlTower-CT.RDS.PR.20',
    weaken: (s) => cfn<rds.CfnDBInstance>(new HipaaDatabase(s, 'D', { vpc: new HipaaVpc(s, 'V', { cidr: '10.10.0.0/16', databasePorts: [5433] }).vpc, port: 5433 }).instance!)
      .addPropertyOverride('Port', '5432') },
  { construct: 'HipaaBucket', safeguard: 'AuditLog classification only where a trail delivers', how: 'dataClassification AuditLog on a bucket no trail delivers to', finding: 'HipaaGap-DataStoreClassification',
    weaken: (s) => { new HipaaBucket(s, 'B', { dataClassification: 'AuditLog' }); } },
  { construct: 'HipaaBaselineStack', safeguard: 'findings reach the encrypted topic: EventBridge may use its key', how: 'addPropertyOverride (aws:SourceAccount on the EventBridge key statement)', finding: 'HipaaGap-EventBridgeTopicKeyGrant',
    weaken: (s) => {
      const trail = new HipaaTrail(s, 'T', { trailName: 'neg-finding-routes', dataEvents: elsewhere, alarmEmails: ['soc@example.com'] });
      routeFindings(s, trail.alarmTopic, trail.alarmTopic.masterKey, 'hipaa-');
      const key = cfn<kms.CfnKey>(trail.key);
      const index = Stack.of(s).resolve(key.keyPolicy).Statement.findIndex((st: any) => st.Sid === 'AllowEventBridgeOfThisAccount');
      key.addPropertyOverride(`KeyPolicy.Statement.${index}.Condition`, { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    } },
  { construct: 'HipaaLogBucket', safeguard: 'its object access recorded as data events (the fact its missing-access-logging acknowledgement states)', how: 'a trail whose data events leave it out (TrailDataEvents.of)', finding: 'HipaaGap-UnloggedBucketDataEvents',
    weaken: (s) => {
      new HipaaLogBucket(s, 'Logs');
      new HipaaTrail(s, 'T', { trailName: 'neg-log-bucket', dataEvents: elsewhere });
    } },
  { construct: 'HipaaBaselineStackSet', safeguard: 'the member template needs no CDK bootstrap', how: 'addPropertyOverride of TemplateBody', finding: 'HipaaGap-StackSetTemplateSelfContained',
    weaken: (s) => new HipaaBaselineStackSet(s, 'B', {
      organizationalUnitIds: ['ou-ab12-cd34ef56'], regions: ['us-east-1'],
      template: (app) => { const t = new Stack(app, 'T'); new iam.Role(t, 'R', { assumedBy: new iam.AccountRootPrincipal() }); return t; },
    }).stackSet.addPropertyOverride('TemplateBody', JSON.stringify({
      Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } } },
    })) },
];

describe('weakening a safeguard through a prop fails at construction', () => {
  test.each(PROP_ROWS.map((r) => [r.construct, r.safeguard, r] as const))('%s: %s', (_c, _s, row) => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    expect(() => row.build(stack, net)).toThrow(row.error);
  });
});

describe('weakening a safeguard through an escape hatch is a finding at synth', () => {
  // One app, one synth: each row weakens its own instance in its own stack (a stack holds at most 500 resources).
  const app = testApp();
  const scopes = HATCH_ROWS.map((row, i) => {
    const stack = new Stack(app, `Row${i}`);
    let net: HipaaVpc | undefined;
    let dedicatedNet: HipaaVpc | undefined;
    let certificate: acm.ICertificate | undefined;
    const shared: Shared = {
      get net() { return (net ??= new HipaaVpc(stack, 'Net')); },
      get dedicatedNet() { return (dedicatedNet ??= new HipaaVpc(stack, 'DedicatedNet', { cidr: '10.4.0.0/16', instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED })); },
      get certificate() { return (certificate ??= acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString)); },
    };
    const scope = new Construct(stack, 'Subject');
    row.weaken(scope, shared);
    return scope.node.path;
  });
  applyHipaaChecks(app);
  const findings: Finding[] = synthAndReadReport(app).findings;

  test.each(HATCH_ROWS.map((r, i) => [r.construct, r.safeguard, r.how, r.finding, scopes[i]] as const))(
    '%s: %s via %s -> %s', (_c, _s, _h, rule, scopePath) => {
      const paths = findings.filter((f) => f.rule === rule).flatMap((f) => f.paths);
      expect(paths.some((p) => p.startsWith(`${scopePath}/`))).toBe(true);
    });

  // The Control Tower controls run in-process; on every row the cfn-guard binary must agree (test/compliance/control-tower-equivalence.test.ts).
  const binary = cfnGuardBinary();
  (binary ? test : test.skip)(`every row: the in-process Control Tower controls report what the cfn-guard binary reports${binary ? '' : ' (SKIPPED: no runnable cfn-guard binary on this platform)'}`, () => {
    const templates = fs.readdirSync(app.outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(app.outdir, f));
    expect(templates).toHaveLength(HATCH_ROWS.length);
    // What this file's gated synth reported (the gate's in-process engine; the disabled controls evaluated beside it).
    const inProcess = findingsOfGate(app.outdir, templates);
    expect(inProcess.length).toBeGreaterThan(HATCH_ROWS.length);
    expect(inProcess).toEqual(findingsByBinary(binary!, templates));
  });

  test('the table covers every construct of DESIGN.md\'s safeguards table', () => {
    const covered = new Set([...PROP_ROWS, ...HATCH_ROWS].map((r) => r.construct));
    for (const c of ['HipaaKey', 'HipaaBucket', 'HipaaVpc', 'HipaaLoadBalancer', 'HipaaAutoScalingGroup', 'HipaaDatabase', 'HipaaTable',
      'HipaaTrail', 'HipaaConfigRules', 'HipaaEmrCluster', 'HipaaBackupPlan', 'HipaaBaselineStack', 'HipaaRedshiftCluster']) {
      expect([c, covered.has(c)]).toEqual([c, true]);
    }
  });
});
