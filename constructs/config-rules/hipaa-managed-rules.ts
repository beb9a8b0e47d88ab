import { HipaaSafeguard } from '../../lib/compliance/rules/rule';

/** One AWS managed Config rule of the HIPAA Security conformance pack. */
export interface HipaaManagedRule {
  /** The managed rule's SourceIdentifier. */
  readonly identifier: string;
  /** The rule name the conformance pack gives it. */
  readonly name: string;
  /** The HIPAA Security Rule section it supports. */
  readonly safeguard: HipaaSafeguard | '164.308(a)(7)(ii)(A) data backup';
  /** The pack's input parameters. */
  readonly parameters?: Record<string, string | number | boolean>;
}

const AC: HipaaSafeguard = '164.312(a)(1) access control';
const ENC: HipaaSafeguard = '164.312(a)(2)(iv) encryption at rest';
const AUDIT: HipaaSafeguard = '164.312(b) audit controls';
const INTEGRITY: HipaaSafeguard = '164.312(c)(1) integrity';
const AUTH: HipaaSafeguard = '164.312(d) person or entity authentication';
const TRANSIT: HipaaSafeguard = '164.312(e)(1) transmission security';
const BACKUP = '164.308(a)(7)(ii)(A) data backup' as const;

/**
 * The managed rules of "Operational Best Practices for HIPAA Security"
 * (HIPAA_CONFORMANCE_PACK_RULES, hipaa-conformance-pack.ts) that judge resources this library
 * creates or every account holds (IAM, root, account settings), with the
 * pack's parameters. Left out: rules for services the library does not use
 * (API Gateway, CodeBuild, DMS, ECS, EFS, Elastic Beanstalk, ElastiCache,
 * Elasticsearch/OpenSearch, Kinesis, Redshift, SageMaker, Site-to-Site VPN),
 * Classic Load Balancer-only rules, INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY (needs
 * the account's own VPC ids) and the manual AWS_CONFIG_PROCESS_CHECK.
 */
export const HIPAA_MANAGED_RULES: readonly HipaaManagedRule[] = [
  // Identity and access
  { identifier: 'ACCESS_KEYS_ROTATED', name: 'access-keys-rotated', safeguard: AUTH, parameters: { maxAccessKeyAge: 90 } },
  { identifier: 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', name: 'iam-customer-policy-blocked-kms-actions', safeguard: AC, parameters: { blockedActionsPatterns: 'kms:*, kms:Decrypt, kms:ReEncrypt*' } },
  { identifier: 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS', name: 'iam-inline-policy-blocked-kms-actions', safeguard: AC, parameters: { blockedActionsPatterns: 'kms:*, kms:Decrypt, kms:ReEncrypt*' } },
  { identifier: 'IAM_NO_INLINE_POLICY_CHECK', name: 'iam-no-inline-policy-check', safeguard: AC },
  { identifier: 'IAM_PASSWORD_POLICY', name: 'iam-password-policy', safeguard: AUTH, parameters: { MaxPasswordAge: 90, MinimumPasswordLength: 14, PasswordReusePrevention: 24, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true, RequireUppercaseCharacters: true } },
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', name: 'iam-policy-no-statements-with-admin-access', safeguard: AC },
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS', name: 'iam-policy-no-statements-with-full-access', safeguard: AC },
  { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', name: 'iam-root-access-key-check', safeguard: AC },
  { identifier: 'IAM_USER_MFA_ENABLED', name: 'iam-user-mfa-enabled', safeguard: AUTH },
  { identifier: 'IAM_USER_NO_POLICIES_CHECK', name: 'iam-user-no-policies-check', safeguard: AC },
  { identifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK', name: 'iam-user-unused-credentials-check', safeguard: AC, parameters: { maxCredentialUsageAge: 90 } },
  { identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', name: 'mfa-enabled-for-iam-console-access', safeguard: AUTH },
  { identifier: 'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED', name: 'root-account-hardware-mfa-enabled', safeguard: AUTH },
  { identifier: 'ROOT_ACCOUNT_MFA_ENABLED', name: 'root-account-mfa-enabled', safeguard: AUTH },
  { identifier: 'SECRETSMANAGER_ROTATION_ENABLED_CHECK', name: 'secretsmanager-rotation-enabled-check', safeguard: AUTH },
  { identifier: 'SECRETSMANAGER_USING_CMK', name: 'secretsmanager-using-cmk', safeguard: ENC },
  { identifier: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED', name: 'lambda-function-public-access-prohibited', safeguard: AC },
  { identifier: 'SSM_DOCUMENT_NOT_PUBLIC', name: 'ssm-document-not-public', safeguard: AC },
  // Audit
  { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', name: 'cloud-trail-cloud-watch-logs-enabled', safeguard: AUDIT },
  { identifier: 'CLOUD_TRAIL_ENABLED', name: 'cloudtrail-enabled', safeguard: AUDIT },
  { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', name: 'cloud-trail-encryption-enabled', safeguard: AUDIT },
  { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', name: 'cloud-trail-log-file-validation-enabled', safeguard: INTEGRITY },
  { identifier: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED', name: 'cloudtrail-s3-dataevents-enabled', safeguard: AUDIT },
  { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', name: 'multi-region-cloudtrail-enabled', safeguard: AUDIT },
  { identifier: 'CLOUDWATCH_ALARM_ACTION_CHECK', name: 'cloudwatch-alarm-action-check', safeguard: AUDIT, parameters: { alarmActionRequired: true, insufficientDataActionRequired: true, okActionRequired: false } },
  { identifier: 'GUARDDUTY_ENABLED_CENTRALIZED', name: 'guardduty-enabled-centralized', safeguard: AUDIT },
  { identifier: 'SECURITYHUB_ENABLED', name: 'securityhub-enabled', safeguard: AUDIT },
  { identifier: 'VPC_FLOW_LOGS_ENABLED', name: 'vpc-flow-logs-enabled', safeguard: AUDIT },
  { identifier: 'WAFV2_LOGGING_ENABLED', name: 'wafv2-logging-enabled', safeguard: AUDIT },
  { identifier: 'ELB_LOGGING_ENABLED', name: 'elb-logging-enabled', safeguard: AUDIT },
  { identifier: 'RDS_LOGGING_ENABLED', name: 'rds-logging-enabled', safeguard: AUDIT },
  { identifier: 'RDS_ENHANCED_MONITORING_ENABLED', name: 'rds-enhanced-monitoring-enabled', safeguard: AUDIT },
  { identifier: 'S3_BUCKET_LOGGING_ENABLED', name: 's3-bucket-logging-enabled', safeguard: AUDIT },
  { identifier: 'S3_EVENT_NOTIFICATIONS_ENABLED', name: 's3-event-notifications-enabled', safeguard: AUDIT },
  // Encryption at rest
  { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', name: 'ec2-ebs-encryption-by-default', safeguard: ENC },
  { identifier: 'ENCRYPTED_VOLUMES', name: 'encrypted-volumes', safeguard: ENC },
  { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', name: 'kms-cmk-not-scheduled-for-deletion', safeguard: ENC },
  { identifier: 'RDS_SNAPSHOT_ENCRYPTED', name: 'rds-snapshot-encrypted', safeguard: ENC },
  { identifier: 'RDS_STORAGE_ENCRYPTED', name: 'rds-storage-encrypted', safeguard: ENC },
  { identifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', name: 's3-bucket-server-side-encryption-enabled', safeguard: ENC },
  { identifier: 'S3_DEFAULT_ENCRYPTION_KMS', name: 's3-default-encryption-kms', safeguard: ENC },
  { identifier: 'SNS_ENCRYPTED_KMS', name: 'sns-encrypted-kms', safeguard: ENC },
  { identifier: 'BACKUP_RECOVERY_POINT_ENCRYPTED', name: 'backup-recovery-point-encrypted', safeguard: ENC },
  // Transmission security
  { identifier: 'ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK', name: 'alb-http-to-https-redirection-check', safeguard: TRANSIT },
  { identifier: 'ELBV2_ACM_CERTIFICATE_REQUIRED', name: 'elbv2-acm-certificate-required', safeguard: TRANSIT },
  { identifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK', name: 'acm-certificate-expiration-check', safeguard: TRANSIT },
  { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', name: 's3-bucket-ssl-requests-only', safeguard: TRANSIT },
  // Network access control
  { identifier: 'ALB_WAF_ENABLED', name: 'alb-waf-enabled', safeguard: AC },
  { identifier: 'EC2_IMDSV2_CHECK', name: 'ec2-imdsv2-check', safeguard: AC },
  { identifier: 'EC2_INSTANCE_MANAGED_BY_SSM', name: 'ec2-instance-managed-by-systems-manager', safeguard: AC },
  { identifier: 'EC2_INSTANCE_NO_PUBLIC_IP', name: 'ec2-instance-no-public-ip', safeguard: AC },
  { identifier: 'EC2_INSTANCE_PROFILE_ATTACHED', name: 'ec2-instance-profile-attached', safeguard: AC },
  { identifier: 'EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK', name: 'ec2-managedinstance-association-compliance-status-check', safeguard: INTEGRITY },
  { identifier: 'EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK', name: 'ec2-managedinstance-patch-compliance-status-check', safeguard: INTEGRITY },
  { identifier: 'EC2_STOPPED_INSTANCE', name: 'ec2-stopped-instance', safeguard: INTEGRITY },
  { identifier: 'EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK', name: 'ebs-snapshot-public-restorable-check', safeguard: AC },
  { identifier: 'EMR_KERBEROS_ENABLED', name: 'emr-kerberos-enabled', safeguard: AUTH },
  { identifier: 'EMR_MASTER_NO_PUBLIC_IP', name: 'emr-master-no-public-ip', safeguard: AC },
  { identifier: 'INCOMING_SSH_DISABLED', name: 'restricted-ssh', safeguard: AC },
  { identifier: 'INSTANCES_IN_VPC', name: 'ec2-instances-in-vpc', safeguard: AC },
  { identifier: 'NO_UNRESTRICTED_ROUTE_TO_IGW', name: 'no-unrestricted-route-to-igw', safeguard: AC },
  { identifier: 'RESTRICTED_INCOMING_TRAFFIC', name: 'restricted-common-ports', safeguard: AC, parameters: { blockedPort1: 20, blockedPort2: 21, blockedPort3: 3389, blockedPort4: 3306, blockedPort5: 4333 } },
  { identifier: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED', name: 'subnet-auto-assign-public-ip-disabled', safeguard: AC },
  { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', name: 'vpc-default-security-group-closed', safeguard: AC },
  { identifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', name: 'vpc-sg-open-only-to-authorized-ports', safeguard: AC },
  { identifier: 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED', name: 'autoscaling-group-elb-healthcheck-required', safeguard: INTEGRITY },
  { identifier: 'AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED', name: 'autoscaling-launch-config-public-ip-disabled', safeguard: AC },
  { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', name: 'rds-instance-public-access-check', safeguard: AC },
  { identifier: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED', name: 'rds-snapshots-public-prohibited', safeguard: AC },
  { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', name: 's3-account-level-public-access-blocks-periodic', safeguard: AC, parameters: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } },
  { identifier: 'S3_BUCKET_ACL_PROHIBITED', name: 's3-bucket-acl-prohibited', safeguard: AC },
  { identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', name: 's3-bucket-public-read-prohibited', safeguard: AC },
  { identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', name: 's3-bucket-public-write-prohibited', safeguard: AC },
  // Integrity, availability and backup
  { identifier: 'ELB_DELETION_PROTECTION_ENABLED', name: 'elb-deletion-protection-enabled', safeguard: INTEGRITY },
  { identifier: 'RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED', name: 'rds-automatic-minor-version-upgrade-enabled', safeguard: INTEGRITY },
  { identifier: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED', name: 'rds-cluster-deletion-protection-enabled', safeguard: INTEGRITY },
  { identifier: 'RDS_MULTI_AZ_SUPPORT', name: 'rds-multi-az-support', safeguard: BACKUP },
  { identifier: 'RDS_CLUSTER_MULTI_AZ_ENABLED', name: 'rds-cluster-multi-az-enabled', safeguard: BACKUP },
  { identifier: 'S3_BUCKET_DEFAULT_LOCK_ENABLED', name: 's3-bucket-default-lock-enabled', safeguard: INTEGRITY },
  { identifier: 'S3_BUCKET_REPLICATION_ENABLED', name: 's3-bucket-replication-enabled', safeguard: BACKUP },
  { identifier: 'S3_BUCKET_VERSIONING_ENABLED', name: 's3-bucket-versioning-enabled', safeguard: INTEGRITY },
  { identifier: 'S3_VERSION_LIFECYCLE_POLICY_CHECK', name: 's3-version-lifecycle-policy-check', safeguard: INTEGRITY },
  { identifier: 'AURORA_RESOURCES_PROTECTED_BY_BACKUP_PLAN', name: 'aurora-resources-protected-by-backup-plan', safeguard: BACKUP },
  { identifier: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', name: 'backup-plan-min-frequency-and-min-retention-check', safeguard: BACKUP },
  { identifier: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', name: 'backup-recovery-point-manual-deletion-disabled', safeguard: BACKUP },
  { identifier: 'DB_INSTANCE_BACKUP_ENABLED', name: 'db-instance-backup-enabled', safeguard: BACKUP },
  { identifier: 'DYNAMODB_AUTOSCALING_ENABLED', name: 'dynamodb-autoscaling-enabled', safeguard: BACKUP },
  { identifier: 'DYNAMODB_IN_BACKUP_PLAN', name: 'dynamodb-in-backup-plan', safeguard: BACKUP },
  { identifier: 'DYNAMODB_PITR_ENABLED', name: 'dynamodb-pitr-enabled', safeguard: BACKUP },
  { identifier: 'DYNAMODB_THROUGHPUT_LIMIT_CHECK', name: 'dynamodb-throughput-limit-check', safeguard: BACKUP },
  { identifier: 'EBS_IN_BACKUP_PLAN', name: 'ebs-in-backup-plan', safeguard: BACKUP },
  { identifier: 'EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN', name: 'ec2-resources-protected-by-backup-plan', safeguard: BACKUP },
  { identifier: 'RDS_IN_BACKUP_PLAN', name: 'rds-in-backup-plan', safeguard: BACKUP },
];
