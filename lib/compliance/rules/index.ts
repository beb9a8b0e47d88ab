import { DynamoDbCustomerManagedKey } from './dynamodb/customer-managed-key';
import { DynamoDbRecoveryAndDeletionProtection } from './dynamodb/recovery-and-deletion-protection';
import { DedicatedTenancy } from './ec2/dedicated-tenancy';
import { Imdsv2Required } from './ec2/imdsv2-required';
import { BackupVaultProtection } from './backup/vault-protection';
import { CloudTrailCoverage } from './cloudtrail/coverage';
import { VpcFlowLogsAll } from './ec2/vpc-flow-logs-all';
import { PhiTierInternetEgress } from './ec2/phi-tier-internet-egress';
import { VpcEndpointPolicy } from './ec2/vpc-endpoint-policy';
import { EmrSecurityConfiguration } from './emr/security-configuration';
import { ElbHttpsListener } from './elbv2/https-listener';
import { ElbListenerRuleHttps } from './elbv2/listener-rule-https';
import { EmrInteractiveApplications } from './emr/interactive-applications';
import { EmrKerberosPasswordReference } from './emr/kerberos-password-reference';
import { ElbHttpsTargetGroup } from './elbv2/https-target-group';
import { ElbTlsPolicy } from './elbv2/tls-policy';
import { KmsKeyRotation } from './kms/key-rotation';
import { LogGroupRetention } from './logs/log-group-retention';
import { RdsCustomerManagedKey } from './rds/customer-managed-key';
import { RdsForceSsl } from './rds/force-ssl';
import { RdsPostgresAuditLogging } from './rds/postgres-audit-logging';
import { RdsOracleNetworkEncryption } from './rds/oracle-network-encryption';
import { RedshiftAuditLogging } from './redshift/audit-logging';
import { RedshiftCustomerManagedKey } from './redshift/customer-managed-key';
import { RedshiftManagedAdminPassword } from './redshift/managed-admin-password';
import { RedshiftRequireSsl } from './redshift/require-ssl';
import { GapRule } from './rule';
import { ServiceTrustConfusedDeputy } from './iam/service-trust-confused-deputy';
import { WorkloadRoleAuditTamper } from './iam/workload-role-audit-tamper';
import { PermissionsBoundaryAllowsAll } from './iam/permissions-boundary-allows-all';
import { WorkloadRoleReadsDbMasterSecret } from './iam/workload-role-reads-db-master-secret';
import { LogsKeyOneLogGroup } from './kms/logs-key-one-log-group';
import { DataStoreClassification } from './tagging/data-store-classification';
import { S3BucketDefaultEncryption } from './s3/bucket-default-encryption';
import { S3BucketTlsPolicy } from './s3/bucket-tls-policy';
import { S3BucketPublicAccessBlock } from './s3/bucket-public-access-block';
import { S3BucketVersioning } from './s3/bucket-versioning';
import { S3PhiBucketReplication } from './s3/phi-bucket-replication';
import { BackupCrossRegionCopy } from './backup/cross-region-copy';
import { BackupS3RestorePermitted } from './backup/s3-restore-permitted';
import { AppGapRule } from './app-rule';
import { PhiStoreDataEvents } from './cloudtrail/phi-store-data-events';
import { UnloggedBucketDataEvents } from './cloudtrail/unlogged-bucket-data-events';
import { CloudTrailLogFileLock } from './cloudtrail/log-file-lock';
import { CloudTrailLogBucketDeletionDenied } from './cloudtrail/log-bucket-deletion-denied';
import { CloudTrailDigestDelivery } from './cloudtrail/digest-delivery';
import { EmrTerminationProtection } from './emr/termination-protection';
import { EmrSecurityGroupCleanup } from './deploy/emr-security-group-cleanup';
import { EvidenceKeyDeletionRestricted } from './kms/evidence-key-deletion-restricted';
import { CloudWatchAlarmActions } from './cloudwatch/alarm-actions';
import { KmsKeyPolicyPrincipalExists } from './deploy/kms-key-policy-principal-exists';
import { EventBridgeTopicKeyGrant } from './deploy/event-bridge-topic-key-grant';
import { RetainedResourceNameUnique } from './deploy/retained-resource-name-unique';
import { WaitsForRolePolicies } from './deploy/waits-for-role-policies';
import { StackSetTemplateSelfContained } from './cloudformation/stack-set-template-self-contained';
import { SchedulerScheduleDeadLetter } from './scheduler/schedule-dead-letter';

export * from './rule';
export * from './template';
export * from './app-rule';
export * from '../../vocabulary/disaster-recovery';
export * from './cloudtrail/data-event-coverage';
export { S3PhiBucketReplication, BackupCrossRegionCopy, BackupS3RestorePermitted, PhiStoreDataEvents, UnloggedBucketDataEvents, CloudTrailLogFileLock, CloudTrailLogBucketDeletionDenied, CloudTrailDigestDelivery, EmrTerminationProtection, EmrSecurityGroupCleanup, EvidenceKeyDeletionRestricted, CloudWatchAlarmActions, KmsKeyPolicyPrincipalExists, EventBridgeTopicKeyGrant, RetainedResourceNameUnique, WaitsForRolePolicies, StackSetTemplateSelfContained };
export { RdsOracleNetworkEncryption, PermissionsBoundaryAllowsAll, SchedulerScheduleDeadLetter };
export { RedshiftAuditLogging, RedshiftCustomerManagedKey, RedshiftManagedAdminPassword, RedshiftRequireSsl };
export { ALLOWED_TLS_POLICIES } from './elbv2/tls-policies';
export { BackupVaultProtection, CloudTrailCoverage, EmrSecurityConfiguration, EmrInteractiveApplications, EmrKerberosPasswordReference, DedicatedTenancy, Imdsv2Required, DynamoDbCustomerManagedKey, DynamoDbRecoveryAndDeletionProtection, RdsCustomerManagedKey, RdsForceSsl, RdsPostgresAuditLogging, VpcFlowLogsAll, PhiTierInternetEgress, VpcEndpointPolicy, ElbHttpsListener, ElbListenerRuleHttps, ElbHttpsTargetGroup, ElbTlsPolicy, KmsKeyRotation, LogGroupRetention, S3BucketDefaultEncryption, S3BucketTlsPolicy, S3BucketPublicAccessBlock, S3BucketVersioning, WorkloadRoleAuditTamper, WorkloadRoleReadsDbMasterSecret, ServiceTrustConfusedDeputy, LogsKeyOneLogGroup, DataStoreClassification };

/** Every rule of the HipaaGapChecks pack, in report order. */
export const GAP_RULES: readonly GapRule[] = [
  S3BucketDefaultEncryption,
  S3BucketPublicAccessBlock,
  S3BucketTlsPolicy,
  S3BucketVersioning,
  KmsKeyRotation,
  LogGroupRetention,
  VpcFlowLogsAll,
  PhiTierInternetEgress,
  VpcEndpointPolicy,
  ElbHttpsListener,
  ElbListenerRuleHttps,
  ElbTlsPolicy,
  ElbHttpsTargetGroup,
  RdsForceSsl,
  RdsPostgresAuditLogging,
  RdsCustomerManagedKey,
  RdsOracleNetworkEncryption,
  RedshiftCustomerManagedKey,
  RedshiftRequireSsl,
  RedshiftAuditLogging,
  RedshiftManagedAdminPassword,
  DynamoDbCustomerManagedKey,
  DynamoDbRecoveryAndDeletionProtection,
  DedicatedTenancy,
  Imdsv2Required,
  EmrSecurityConfiguration,
  EmrInteractiveApplications,
  EmrKerberosPasswordReference,
  CloudTrailCoverage,
  BackupVaultProtection,
  WorkloadRoleAuditTamper,
  PermissionsBoundaryAllowsAll,
  WorkloadRoleReadsDbMasterSecret,
  ServiceTrustConfusedDeputy,
  LogsKeyOneLogGroup,
  CloudTrailLogFileLock,
  CloudTrailLogBucketDeletionDenied,
  CloudTrailDigestDelivery,
  EvidenceKeyDeletionRestricted,
  CloudWatchAlarmActions,
  KmsKeyPolicyPrincipalExists,
  EventBridgeTopicKeyGrant,
  WaitsForRolePolicies,
  RetainedResourceNameUnique,
  DataStoreClassification,
  S3PhiBucketReplication,
  BackupCrossRegionCopy,
  BackupS3RestorePermitted,
  StackSetTemplateSelfContained,
  EmrTerminationProtection,
  EmrSecurityGroupCleanup,
  SchedulerScheduleDeadLetter,
];

/** Every rule of the HipaaGapChecks pack judged across all templates of the app. */
export const APP_GAP_RULES: readonly AppGapRule[] = [
  PhiStoreDataEvents,
  UnloggedBucketDataEvents,
];
