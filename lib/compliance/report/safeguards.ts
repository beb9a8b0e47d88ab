/**
 * Which HIPAA §164.312 safeguards a synthesized resource implements, judged
 * from its final properties. One table, read by the evidence report.
 */
import * as vocabulary from '../../vocabulary/safeguards';
import { EVIDENCE_WORDING, EvidenceSafeguard } from '../../vocabulary/safeguards';

export type { EvidenceSafeguard };

const AT_REST = EVIDENCE_WORDING[vocabulary.ENCRYPTION_AT_REST];
const TRANSIT = EVIDENCE_WORDING[vocabulary.TRANSMISSION_SECURITY];
const AUDIT = EVIDENCE_WORDING[vocabulary.AUDIT_CONTROLS];
const INTEGRITY = EVIDENCE_WORDING[vocabulary.INTEGRITY];
const ACCESS = EVIDENCE_WORDING[vocabulary.ACCESS_CONTROL];
const AUTH = EVIDENCE_WORDING[vocabulary.AUTHENTICATION];
const BACKUP = EVIDENCE_WORDING[vocabulary.DATA_BACKUP];

type Props = Record<string, any>;
type Check = [EvidenceSafeguard, (p: Props) => boolean];
const always = () => true;
const has = (...path: string[]) => (p: Props) => path.reduce<any>((v, k) => (v == null ? undefined : v[k]), p) !== undefined;
const isTrue = (...path: string[]) => (p: Props) => {
  const v = path.reduce<any>((x, k) => (x == null ? undefined : x[k]), p);
  return v === true || v === 'true';
};
const mentions = (text: string) => (p: Props) => JSON.stringify(p).includes(text);
const everyReplica = (p: Props, check: (r: Props) => boolean) => Array.isArray(p.Replicas) && p.Replicas.length > 0 && p.Replicas.every(check);

export const SAFEGUARDS_BY_TYPE: Readonly<Record<string, readonly Check[]>> = {
  'AWS::KMS::Key': [[AT_REST, isTrue('EnableKeyRotation')], [ACCESS, has('KeyPolicy')]],
  'AWS::S3::Bucket': [
    [AT_REST, has('BucketEncryption')], [ACCESS, isTrue('PublicAccessBlockConfiguration', 'BlockPublicPolicy')],
    [INTEGRITY, (p) => p.VersioningConfiguration?.Status === 'Enabled'], [AUDIT, has('LoggingConfiguration')],
    [BACKUP, has('LifecycleConfiguration')],
  ],
  'AWS::S3::BucketPolicy': [[TRANSIT, mentions('aws:SecureTransport')], [ACCESS, always]],
  'AWS::Logs::LogGroup': [[AT_REST, has('KmsKeyId')], [AUDIT, has('RetentionInDays')]],
  'AWS::EC2::VPC': [[ACCESS, always]],
  'AWS::EC2::FlowLog': [[AUDIT, always]],
  'AWS::EC2::SecurityGroup': [[ACCESS, always]],
  'AWS::EC2::SecurityGroupIngress': [[ACCESS, always]],
  'AWS::EC2::NetworkAcl': [[ACCESS, always]],
  'AWS::EC2::VPCEndpoint': [[TRANSIT, (p) => p.VpcEndpointType === 'Interface'], [ACCESS, always]],
  'AWS::EC2::LaunchTemplate': [
    [AT_REST, mentions('"Encrypted":true')], [ACCESS, (p) => p.LaunchTemplateData?.MetadataOptions?.HttpTokens === 'required'],
  ],
  'AWS::AutoScaling::AutoScalingGroup': [[INTEGRITY, (p) => p.HealthCheckType === 'ELB'], [AUDIT, has('NotificationConfigurations')]],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': [[AUDIT, mentions('access_logs.s3.enabled')], [INTEGRITY, mentions('deletion_protection.enabled')]],
  'AWS::ElasticLoadBalancingV2::Listener': [[TRANSIT, (p) => p.Protocol === 'HTTPS' || mentions('"Protocol":"HTTPS"')(p)]],
  'AWS::ElasticLoadBalancingV2::TargetGroup': [[TRANSIT, (p) => p.Protocol === 'HTTPS']],
  'AWS::WAFv2::WebACL': [[ACCESS, always]],
  'AWS::WAFv2::LoggingConfiguration': [[AUDIT, always]],
  'AWS::RDS::DBInstance': [
    [AT_REST, isTrue('StorageEncrypted')], [AUTH, (p) => isTrue('EnableIAMDatabaseAuthentication')(p) || isTrue('ManageMasterUserPassword')(p)],
    [BACKUP, (p) => Number(p.BackupRetentionPeriod) >= 7],
    [AUDIT, has('EnableCloudwatchLogsExports')], [INTEGRITY, isTrue('DeletionProtection')], [ACCESS, (p) => p.PubliclyAccessible === false],
  ],
  'AWS::RDS::DBCluster': [
    [AT_REST, isTrue('StorageEncrypted')], [AUTH, isTrue('EnableIAMDatabaseAuthentication')], [BACKUP, (p) => Number(p.BackupRetentionPeriod) >= 7],
    [AUDIT, has('EnableCloudwatchLogsExports')], [INTEGRITY, isTrue('DeletionProtection')],
  ],
  'AWS::RDS::DBParameterGroup': [[TRANSIT, (p) => ['1', 'ON'].includes(String(p.Parameters?.['rds.force_ssl'] ?? p.Parameters?.require_secure_transport).toUpperCase())]],
  'AWS::RDS::DBClusterParameterGroup': [[TRANSIT, (p) => ['1', 'ON'].includes(String(p.Parameters?.['rds.force_ssl'] ?? p.Parameters?.require_secure_transport).toUpperCase())]],
  'AWS::RDS::OptionGroup': [[TRANSIT, (p) => mentions('NATIVE_NETWORK_ENCRYPTION')(p) && mentions('"REQUIRED"')(p)]],
  'AWS::Redshift::Cluster': [
    [AT_REST, isTrue('Encrypted')], [AUTH, isTrue('ManageMasterPassword')], [BACKUP, (p) => Number(p.AutomatedSnapshotRetentionPeriod) >= 7],
    [AUDIT, has('LoggingProperties')], [ACCESS, (p) => p.PubliclyAccessible === false],
  ],
  'AWS::Redshift::ClusterParameterGroup': [[TRANSIT, (p) => (p.Parameters ?? []).some((x: Props) => x.ParameterName === 'require_ssl' && String(x.ParameterValue) === 'true')]],
  'AWS::DynamoDB::Table': [[AT_REST, (p) => p.SSESpecification?.SSEType === 'KMS'], [BACKUP, isTrue('PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')], [INTEGRITY, isTrue('DeletionProtectionEnabled')]],
  // A global table's backup and integrity settings are per replica: every replica must have them.
  'AWS::DynamoDB::GlobalTable': [
    [AT_REST, (p) => p.SSESpecification?.SSEType === 'KMS'],
    [BACKUP, (p) => everyReplica(p, isTrue('PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'))],
    [INTEGRITY, (p) => everyReplica(p, isTrue('DeletionProtectionEnabled'))],
  ],
  'AWS::SecretsManager::Secret': [[AT_REST, has('KmsKeyId')]],
  'AWS::SecretsManager::RotationSchedule': [[AUTH, always]],
  'AWS::SNS::Topic': [[AT_REST, has('KmsMasterKeyId')]],
  'AWS::SNS::TopicPolicy': [[TRANSIT, mentions('aws:SecureTransport')]],
  'AWS::Backup::BackupVault': [[AT_REST, has('EncryptionKeyArn')], [INTEGRITY, has('AccessPolicy')], [BACKUP, always]],
  'AWS::Backup::BackupPlan': [[BACKUP, always]],
  'AWS::Backup::BackupSelection': [[BACKUP, always]],
  'AWS::CloudTrail::Trail': [[AUDIT, isTrue('IsLogging')], [INTEGRITY, isTrue('EnableLogFileValidation')], [AT_REST, has('KMSKeyId')]],
  'AWS::Logs::MetricFilter': [[AUDIT, always]],
  'AWS::CloudWatch::Alarm': [[AUDIT, always]],
  'AWS::Config::ConfigRule': [[AUDIT, always]],
  'AWS::Config::ConfigurationRecorder': [[AUDIT, always]],
  'AWS::Config::DeliveryChannel': [[AUDIT, always], [AT_REST, has('S3KmsKeyArn')]],
  'AWS::GuardDuty::Detector': [[AUDIT, isTrue('Enable')]],
  'AWS::SecurityHub::Hub': [[AUDIT, always]],
  'AWS::AccessAnalyzer::Analyzer': [[ACCESS, always]],
  'AWS::EMR::SecurityConfiguration': [[AT_REST, mentions('"EnableAtRestEncryption":true')], [TRANSIT, mentions('"EnableInTransitEncryption":true')]],
  'AWS::EMR::Cluster': [[AUDIT, has('LogUri')], [INTEGRITY, isTrue('Instances', 'TerminationProtected')], [AUTH, has('KerberosAttributes')]],
  'AWS::IAM::Role': [[ACCESS, always]],
  'AWS::IAM::ManagedPolicy': [[ACCESS, always]],
  'AWS::Lambda::Function': [[AT_REST, has('KmsKeyArn')], [AUDIT, has('LoggingConfig')]],
  'Custom::HipaaAccountSettings': [[AUTH, always], [AT_REST, always], [ACCESS, always]],
  'Custom::HipaaEmrCertificates': [[TRANSIT, always]],
};

/** The safeguards one resource implements. */
export function safeguardsOf(type: string, properties: Props | undefined): EvidenceSafeguard[] {
  return (SAFEGUARDS_BY_TYPE[type] ?? []).filter(([, test]) => test(properties ?? {})).map(([s]) => s);
}

/** The safeguards in the order the report shows them. */
export const SAFEGUARD_ORDER: readonly EvidenceSafeguard[] = [AT_REST, TRANSIT, AUDIT, INTEGRITY, ACCESS, AUTH, BACKUP];

/** Which safeguard a HIPAA citation belongs to (the specifications under a standard count for it). */
const SAFEGUARD_BY_CONTROL: ReadonlyArray<[RegExp, EvidenceSafeguard]> = [
  [/^164\.312\(a\)\(2\)\(iv\)$/, AT_REST],
  [/^164\.312\(e\)/, TRANSIT],
  [/^164\.312\(b\)$/, AUDIT],
  [/^164\.312\(c\)/, INTEGRITY],
  [/^164\.312\(a\)\(1\)$/, ACCESS],
  [/^164\.312\(d\)$/, AUTH],
  [/^164\.308\(a\)\(7\)\(ii\)\(A\)$/, BACKUP],
];

/**
 * A function from a rule id (as reported, `[...]` detail allowed) to the
 * safeguards its checks test, read from the traceability matrix.
 */
export function safeguardsOfRules(rows: ReadonlyArray<{ control: string; checks: ReadonlyArray<{ rule: string }> }>): (rule: string) => EvidenceSafeguard[] {
  const byRule = new Map<string, Set<EvidenceSafeguard>>();
  for (const row of rows) {
    const safeguard = SAFEGUARD_BY_CONTROL.find(([re]) => re.test(row.control))?.[1];
    if (!safeguard) continue;
    for (const c of row.checks) byRule.set(c.rule, (byRule.get(c.rule) ?? new Set()).add(safeguard));
  }
  return (rule) => {
    const base = rule.replace(/\[.*$/, '').replace(/^[^:]+::/, '').replace(/^ControlTower-/, '');
    return SAFEGUARD_ORDER.filter((s) => byRule.get(base)?.has(s));
  };
}
