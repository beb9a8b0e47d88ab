/**
 * The AWS Config conformance pack "Operational Best Practices for HIPAA Security", as data:
 * every `AWS::Config::ConfigRule` of the pack's template, with the rule name, the template's
 * parameter defaults (an empty default means the pack omits the parameter) and the pack's
 * scope. HIPAA_MANAGED_RULES and its tests are checked against this list; nothing reads the
 * pack from outside the repository.
 */

/** Where this list was copied from, for the auditor and for the next update. */
export const HIPAA_CONFORMANCE_PACK_SOURCE = {
  /** The pack's name in AWS Config. */
  name: 'Operational Best Practices for HIPAA Security',
  /** The template, at the commit that last changed it. */
  url: 'https://github.com/awslabs/aws-config-rules/blob/d51caecc74f6b23085476b23f2479c565c415b27/aws-config-conformance-packs/Operational-Best-Practices-for-HIPAA-Security.yaml',
  /** AWS's page for the pack (rule to HIPAA section mapping). */
  documentation: 'https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-hipaa_security.html',
  /** Date of that commit ("Removing S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED which is redundant to limit rules to 130"). */
  templateDate: '2025-01-07',
  /** Date of the repository snapshot it was read from (still the latest change of the file then). */
  retrieved: '2026-04-09',
} as const;

/** One Config rule of the conformance pack's template. */
export interface ConformancePackRule {
  /** The rule's SourceIdentifier (all are `Owner: AWS`). */
  readonly identifier: string;
  /** The ConfigRuleName the pack gives it. */
  readonly name: string;
  /** The pack's parameter defaults (all strings in the template). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The pack's `Scope.ComplianceResourceTypes`, when it sets one. */
  readonly resourceTypes?: readonly string[];
}

/** The manual attestation of the pack (annual risk assessment): not an automated check. */
export const PROCESS_CHECK_IDENTIFIER = 'AWS_CONFIG_PROCESS_CHECK';

/** The pack's 130 rules in template order: 129 managed rules and one process check. */
export const HIPAA_CONFORMANCE_PACK_RULES: readonly ConformancePackRule[] = [
  { identifier: 'ACCESS_KEYS_ROTATED', name: 'access-keys-rotated', parameters: { maxAccessKeyAge: '90' } },
  { identifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK', name: 'acm-certificate-expiration-check', resourceTypes: ['AWS::ACM::Certificate'] },
  { identifier: 'ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK', name: 'alb-http-to-https-redirection-check' },
  { identifier: 'ALB_WAF_ENABLED', name: 'alb-waf-enabled', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] },
  { identifier: 'API_GW_ASSOCIATED_WITH_WAF', name: 'api-gw-associated-with-waf', resourceTypes: ['AWS::ApiGateway::Stage'] },
  { identifier: 'API_GW_EXECUTION_LOGGING_ENABLED', name: 'api-gw-execution-logging-enabled', resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'] },
  { identifier: 'API_GW_SSL_ENABLED', name: 'api-gw-ssl-enabled', resourceTypes: ['AWS::ApiGateway::Stage'] },
  { identifier: 'AURORA_RESOURCES_PROTECTED_BY_BACKUP_PLAN', name: 'aurora-resources-protected-by-backup-plan', resourceTypes: ['AWS::RDS::DBCluster'] },
  { identifier: 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED', name: 'autoscaling-group-elb-healthcheck-required', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'] },
  { identifier: 'AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED', name: 'autoscaling-launch-config-public-ip-disabled', resourceTypes: ['AWS::AutoScaling::LaunchConfiguration'] },
  { identifier: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', name: 'backup-plan-min-frequency-and-min-retention-check', resourceTypes: ['AWS::Backup::BackupPlan'] },
  { identifier: 'BACKUP_RECOVERY_POINT_ENCRYPTED', name: 'backup-recovery-point-encrypted', resourceTypes: ['AWS::Backup::RecoveryPoint'] },
  { identifier: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', name: 'backup-recovery-point-manual-deletion-disabled', resourceTypes: ['AWS::Backup::BackupVault'] },
  { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', name: 'cloud-trail-cloud-watch-logs-enabled' },
  { identifier: 'CLOUD_TRAIL_ENABLED', name: 'cloudtrail-enabled' },
  { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', name: 'cloud-trail-encryption-enabled' },
  { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', name: 'cloud-trail-log-file-validation-enabled' },
  { identifier: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED', name: 'cloudtrail-s3-dataevents-enabled' },
  { identifier: 'CLOUDWATCH_ALARM_ACTION_CHECK', name: 'cloudwatch-alarm-action-check', parameters: { alarmActionRequired: 'true', insufficientDataActionRequired: 'true', okActionRequired: 'false' }, resourceTypes: ['AWS::CloudWatch::Alarm'] },
  { identifier: 'CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK', name: 'codebuild-project-envvar-awscred-check', resourceTypes: ['AWS::CodeBuild::Project'] },
  { identifier: 'CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK', name: 'codebuild-project-source-repo-url-check', resourceTypes: ['AWS::CodeBuild::Project'] },
  { identifier: 'DB_INSTANCE_BACKUP_ENABLED', name: 'db-instance-backup-enabled', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'DMS_REPLICATION_NOT_PUBLIC', name: 'dms-replication-not-public' },
  { identifier: 'DYNAMODB_AUTOSCALING_ENABLED', name: 'dynamodb-autoscaling-enabled', resourceTypes: ['AWS::DynamoDB::Table'] },
  { identifier: 'DYNAMODB_IN_BACKUP_PLAN', name: 'dynamodb-in-backup-plan' },
  { identifier: 'DYNAMODB_PITR_ENABLED', name: 'dynamodb-pitr-enabled', resourceTypes: ['AWS::DynamoDB::Table'] },
  { identifier: 'DYNAMODB_THROUGHPUT_LIMIT_CHECK', name: 'dynamodb-throughput-limit-check' },
  { identifier: 'EBS_IN_BACKUP_PLAN', name: 'ebs-in-backup-plan' },
  { identifier: 'EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK', name: 'ebs-snapshot-public-restorable-check' },
  { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', name: 'ec2-ebs-encryption-by-default' },
  { identifier: 'EC2_IMDSV2_CHECK', name: 'ec2-imdsv2-check', resourceTypes: ['AWS::EC2::Instance'] },
  { identifier: 'EC2_INSTANCE_MANAGED_BY_SSM', name: 'ec2-instance-managed-by-systems-manager', resourceTypes: ['AWS::EC2::Instance', 'AWS::SSM::ManagedInstanceInventory'] },
  { identifier: 'EC2_INSTANCE_NO_PUBLIC_IP', name: 'ec2-instance-no-public-ip', resourceTypes: ['AWS::EC2::Instance'] },
  { identifier: 'EC2_INSTANCE_PROFILE_ATTACHED', name: 'ec2-instance-profile-attached', resourceTypes: ['AWS::EC2::Instance'] },
  { identifier: 'EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK', name: 'ec2-managedinstance-association-compliance-status-check', resourceTypes: ['AWS::SSM::AssociationCompliance'] },
  { identifier: 'EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK', name: 'ec2-managedinstance-patch-compliance-status-check', resourceTypes: ['AWS::SSM::PatchCompliance'] },
  { identifier: 'EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN', name: 'ec2-resources-protected-by-backup-plan', resourceTypes: ['AWS::EC2::Instance'] },
  { identifier: 'EC2_STOPPED_INSTANCE', name: 'ec2-stopped-instance' },
  { identifier: 'ECS_CONTAINERS_READONLY_ACCESS', name: 'ecs-containers-readonly-access', resourceTypes: ['AWS::ECS::TaskDefinition'] },
  { identifier: 'ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK', name: 'ecs-task-definition-user-for-host-mode-check', resourceTypes: ['AWS::ECS::TaskDefinition'] },
  { identifier: 'EFS_ENCRYPTED_CHECK', name: 'efs-encrypted-check' },
  { identifier: 'EFS_IN_BACKUP_PLAN', name: 'efs-in-backup-plan' },
  { identifier: 'ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED', name: 'elastic-beanstalk-managed-updates-enabled', resourceTypes: ['AWS::ElasticBeanstalk::Environment'] },
  { identifier: 'ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK', name: 'elasticache-redis-cluster-automatic-backup-check' },
  { identifier: 'ELASTICSEARCH_ENCRYPTED_AT_REST', name: 'elasticsearch-encrypted-at-rest' },
  { identifier: 'ELASTICSEARCH_IN_VPC_ONLY', name: 'elasticsearch-in-vpc-only' },
  { identifier: 'ELASTICSEARCH_LOGS_TO_CLOUDWATCH', name: 'elasticsearch-logs-to-cloudwatch', resourceTypes: ['AWS::Elasticsearch::Domain'] },
  { identifier: 'ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK', name: 'elasticsearch-node-to-node-encryption-check', resourceTypes: ['AWS::Elasticsearch::Domain'] },
  { identifier: 'ELB_ACM_CERTIFICATE_REQUIRED', name: 'elb-acm-certificate-required', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'] },
  { identifier: 'ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED', name: 'elb-cross-zone-load-balancing-enabled', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'] },
  { identifier: 'ELB_DELETION_PROTECTION_ENABLED', name: 'elb-deletion-protection-enabled', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] },
  { identifier: 'ELB_LOGGING_ENABLED', name: 'elb-logging-enabled', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer'] },
  { identifier: 'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK', name: 'elb-predefined-security-policy-ssl-check', parameters: { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-2-2017-01' }, resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'] },
  { identifier: 'ELB_TLS_HTTPS_LISTENERS_ONLY', name: 'elb-tls-https-listeners-only', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'] },
  { identifier: 'ELBV2_ACM_CERTIFICATE_REQUIRED', name: 'elbv2-acm-certificate-required' },
  { identifier: 'EMR_KERBEROS_ENABLED', name: 'emr-kerberos-enabled' },
  { identifier: 'EMR_MASTER_NO_PUBLIC_IP', name: 'emr-master-no-public-ip' },
  { identifier: 'ENCRYPTED_VOLUMES', name: 'encrypted-volumes', resourceTypes: ['AWS::EC2::Volume'] },
  { identifier: 'GUARDDUTY_ENABLED_CENTRALIZED', name: 'guardduty-enabled-centralized' },
  { identifier: 'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS', name: 'iam-customer-policy-blocked-kms-actions', parameters: { blockedActionsPatterns: 'kms:*, kms:Decrypt, kms:ReEncrypt*' }, resourceTypes: ['AWS::IAM::Policy'] },
  { identifier: 'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS', name: 'iam-inline-policy-blocked-kms-actions', parameters: { blockedActionsPatterns: 'kms:*, kms:Decrypt, kms:ReEncrypt*' }, resourceTypes: ['AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::User'] },
  { identifier: 'IAM_NO_INLINE_POLICY_CHECK', name: 'iam-no-inline-policy-check', resourceTypes: ['AWS::IAM::User', 'AWS::IAM::Role', 'AWS::IAM::Group'] },
  { identifier: 'IAM_PASSWORD_POLICY', name: 'iam-password-policy', parameters: { MaxPasswordAge: '90', MinimumPasswordLength: '14', PasswordReusePrevention: '24', RequireLowercaseCharacters: 'true', RequireNumbers: 'true', RequireSymbols: 'true', RequireUppercaseCharacters: 'true' } },
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', name: 'iam-policy-no-statements-with-admin-access', resourceTypes: ['AWS::IAM::Policy'] },
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS', name: 'iam-policy-no-statements-with-full-access', resourceTypes: ['AWS::IAM::Policy'] },
  { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', name: 'iam-root-access-key-check' },
  { identifier: 'IAM_USER_MFA_ENABLED', name: 'iam-user-mfa-enabled' },
  { identifier: 'IAM_USER_NO_POLICIES_CHECK', name: 'iam-user-no-policies-check', resourceTypes: ['AWS::IAM::User'] },
  { identifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK', name: 'iam-user-unused-credentials-check', parameters: { maxCredentialUsageAge: '90' } },
  { identifier: 'INCOMING_SSH_DISABLED', name: 'restricted-ssh', resourceTypes: ['AWS::EC2::SecurityGroup'] },
  { identifier: 'INSTANCES_IN_VPC', name: 'ec2-instances-in-vpc', resourceTypes: ['AWS::EC2::Instance'] },
  { identifier: 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY', name: 'internet-gateway-authorized-vpc-only', parameters: { AuthorizedVpcIds: '' }, resourceTypes: ['AWS::EC2::InternetGateway'] },
  { identifier: 'KINESIS_STREAM_ENCRYPTED', name: 'kinesis-stream-encrypted', resourceTypes: ['AWS::Kinesis::Stream'] },
  { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', name: 'kms-cmk-not-scheduled-for-deletion', resourceTypes: ['AWS::KMS::Key'] },
  { identifier: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED', name: 'lambda-function-public-access-prohibited', resourceTypes: ['AWS::Lambda::Function'] },
  { identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', name: 'mfa-enabled-for-iam-console-access' },
  { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', name: 'multi-region-cloudtrail-enabled' },
  { identifier: 'NO_UNRESTRICTED_ROUTE_TO_IGW', name: 'no-unrestricted-route-to-igw', resourceTypes: ['AWS::EC2::RouteTable'] },
  { identifier: 'OPENSEARCH_ENCRYPTED_AT_REST', name: 'opensearch-encrypted-at-rest', resourceTypes: ['AWS::OpenSearch::Domain'] },
  { identifier: 'OPENSEARCH_HTTPS_REQUIRED', name: 'opensearch-https-required', resourceTypes: ['AWS::OpenSearch::Domain'] },
  { identifier: 'OPENSEARCH_IN_VPC_ONLY', name: 'opensearch-in-vpc-only', resourceTypes: ['AWS::OpenSearch::Domain'] },
  { identifier: 'OPENSEARCH_LOGS_TO_CLOUDWATCH', name: 'opensearch-logs-to-cloudwatch', resourceTypes: ['AWS::OpenSearch::Domain'] },
  { identifier: 'OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK', name: 'opensearch-node-to-node-encryption-check', resourceTypes: ['AWS::OpenSearch::Domain'] },
  { identifier: 'RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED', name: 'rds-automatic-minor-version-upgrade-enabled', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED', name: 'rds-cluster-deletion-protection-enabled', resourceTypes: ['AWS::RDS::DBCluster'] },
  { identifier: 'RDS_ENHANCED_MONITORING_ENABLED', name: 'rds-enhanced-monitoring-enabled', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'RDS_IN_BACKUP_PLAN', name: 'rds-in-backup-plan' },
  { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', name: 'rds-instance-public-access-check', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'RDS_LOGGING_ENABLED', name: 'rds-logging-enabled', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'RDS_MULTI_AZ_SUPPORT', name: 'rds-multi-az-support', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'RDS_CLUSTER_MULTI_AZ_ENABLED', name: 'rds-cluster-multi-az-enabled', resourceTypes: ['AWS::RDS::DBCluster'] },
  { identifier: 'RDS_SNAPSHOT_ENCRYPTED', name: 'rds-snapshot-encrypted', resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'] },
  { identifier: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED', name: 'rds-snapshots-public-prohibited', resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'] },
  { identifier: 'RDS_STORAGE_ENCRYPTED', name: 'rds-storage-encrypted', resourceTypes: ['AWS::RDS::DBInstance'] },
  { identifier: 'REDSHIFT_BACKUP_ENABLED', name: 'redshift-backup-enabled', resourceTypes: ['AWS::Redshift::Cluster'] },
  { identifier: 'REDSHIFT_CLUSTER_CONFIGURATION_CHECK', name: 'redshift-cluster-configuration-check', parameters: { clusterDbEncrypted: 'true', loggingEnabled: 'true' }, resourceTypes: ['AWS::Redshift::Cluster'] },
  { identifier: 'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK', name: 'redshift-cluster-maintenancesettings-check', parameters: { allowVersionUpgrade: 'true' }, resourceTypes: ['AWS::Redshift::Cluster'] },
  { identifier: 'REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK', name: 'redshift-cluster-public-access-check', resourceTypes: ['AWS::Redshift::Cluster'] },
  { identifier: 'REDSHIFT_REQUIRE_TLS_SSL', name: 'redshift-require-tls-ssl', resourceTypes: ['AWS::Redshift::Cluster'] },
  { identifier: 'RESTRICTED_INCOMING_TRAFFIC', name: 'restricted-common-ports', parameters: { blockedPort1: '20', blockedPort2: '21', blockedPort3: '3389', blockedPort4: '3306', blockedPort5: '4333' }, resourceTypes: ['AWS::EC2::SecurityGroup'] },
  { identifier: 'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED', name: 'root-account-hardware-mfa-enabled' },
  { identifier: 'ROOT_ACCOUNT_MFA_ENABLED', name: 'root-account-mfa-enabled' },
  { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', name: 's3-account-level-public-access-blocks-periodic', parameters: { BlockPublicAcls: 'true', BlockPublicPolicy: 'true', IgnorePublicAcls: 'true', RestrictPublicBuckets: 'true' } },
  { identifier: 'S3_BUCKET_ACL_PROHIBITED', name: 's3-bucket-acl-prohibited', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_DEFAULT_LOCK_ENABLED', name: 's3-bucket-default-lock-enabled', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_LOGGING_ENABLED', name: 's3-bucket-logging-enabled', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', name: 's3-bucket-public-read-prohibited', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', name: 's3-bucket-public-write-prohibited', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_REPLICATION_ENABLED', name: 's3-bucket-replication-enabled', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', name: 's3-bucket-server-side-encryption-enabled', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', name: 's3-bucket-ssl-requests-only', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_BUCKET_VERSIONING_ENABLED', name: 's3-bucket-versioning-enabled', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_DEFAULT_ENCRYPTION_KMS', name: 's3-default-encryption-kms', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_EVENT_NOTIFICATIONS_ENABLED', name: 's3-event-notifications-enabled', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'S3_VERSION_LIFECYCLE_POLICY_CHECK', name: 's3-version-lifecycle-policy-check', resourceTypes: ['AWS::S3::Bucket'] },
  { identifier: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED', name: 'sagemaker-endpoint-configuration-kms-key-configured' },
  { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED', name: 'sagemaker-notebook-instance-kms-key-configured' },
  { identifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', name: 'sagemaker-notebook-no-direct-internet-access' },
  { identifier: 'SECRETSMANAGER_ROTATION_ENABLED_CHECK', name: 'secretsmanager-rotation-enabled-check', resourceTypes: ['AWS::SecretsManager::Secret'] },
  { identifier: 'SECRETSMANAGER_USING_CMK', name: 'secretsmanager-using-cmk', resourceTypes: ['AWS::SecretsManager::Secret'] },
  { identifier: 'SECURITYHUB_ENABLED', name: 'securityhub-enabled' },
  { identifier: 'SNS_ENCRYPTED_KMS', name: 'sns-encrypted-kms', resourceTypes: ['AWS::SNS::Topic'] },
  { identifier: 'SSM_DOCUMENT_NOT_PUBLIC', name: 'ssm-document-not-public' },
  { identifier: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED', name: 'subnet-auto-assign-public-ip-disabled', resourceTypes: ['AWS::EC2::Subnet'] },
  { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', name: 'vpc-default-security-group-closed', resourceTypes: ['AWS::EC2::SecurityGroup'] },
  { identifier: 'VPC_FLOW_LOGS_ENABLED', name: 'vpc-flow-logs-enabled' },
  { identifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', name: 'vpc-sg-open-only-to-authorized-ports', resourceTypes: ['AWS::EC2::SecurityGroup'] },
  { identifier: 'VPC_VPN_2_TUNNELS_UP', name: 'vpc-vpn-2-tunnels-up', resourceTypes: ['AWS::EC2::VPNConnection'] },
  { identifier: 'WAFV2_LOGGING_ENABLED', name: 'wafv2-logging-enabled' },
  { identifier: 'AWS_CONFIG_PROCESS_CHECK', name: 'annual-risk-assessment-performed' },
];
