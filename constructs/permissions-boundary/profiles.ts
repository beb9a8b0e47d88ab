/**
 * What each kind of role the library creates may ever do: the allow list of
 * {@link HipaaPermissionsBoundary}. A boundary grants nothing; it caps. A role
 * can use an action only if both its own policies and its boundary allow it, so
 * every action below is one a library role is granted (or, for the data-plane
 * actions, one that the library's `grant*` methods give the roles you bound),
 * and nothing else. Written as concrete action names, or `service:Verb*` where
 * an AWS managed service-role policy lists many actions of one verb: never `*`
 * nor `service:*` (IAM's 6,144-character limit of a managed policy is the
 * other constraint; HipaaPermissionsBoundary checks it at synth).
 *
 * The test test/constructs/permissions-boundary-coverage.test.ts synthesizes
 * the reference app and checks that every action any bounded role is granted
 * (inline, customer managed, and the AWS managed policies it attaches, from a
 * pinned copy of their published documents) is allowed by its boundary, so a
 * role never meets AccessDenied at run time because of the cap.
 */

/** A boundary profile: which allow list a bounded role gets. */
export type HipaaBoundaryProfile = 'workload' | 'backup-service' | 'emr-service';

/**
 * Roles whose code the library runs or whose service acts for the workload: Lambda
 * functions (custom resources, Config rules), EC2 instance roles, S3 replication,
 * VPC flow logs and CloudTrail's delivery to CloudWatch Logs.
 */
const WORKLOAD: readonly string[] = [
  // Logs of functions, instances (CloudWatch agent), flow logs, the trail; CreateLogGroup only for
  // aws-cdk-lib's own custom-resource provider (AWSLambdaBasicExecutionRole).
  'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams',
  'xray:PutTraceSegments', 'xray:PutTelemetryRecords',
  'cloudwatch:PutMetricData',
  // Keys: environment decryption, envelope encryption, bucket and replica encryption, the PHI key rule.
  'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
  'kms:DescribeKey', 'kms:GetKeyRotationStatus',
  // Objects (the data tier, EMR nodes, the certificate generator) and replication. No bucket configuration:
  // only the account's public access block, set once by the account-settings function.
  's3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject',
  's3:AbortMultipartUpload', 's3:ListBucket', 's3:ListMultipartUploadParts', 's3:GetBucketLocation',
  's3:GetReplicationConfiguration', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging',
  's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags',
  's3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock',
  // Items of HipaaTable (grantReadData / grantWriteData).
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
  'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem',
  // Database users: IAM authentication, and the provisioner's read of the master secret.
  'rds-db:connect', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret',
  // Alarm topics, dead-letter queues, the provisioner's relay.
  'sns:Publish', 'sqs:SendMessage', 'lambda:InvokeFunction',
  // Session Manager on instances (the scoped set AWS documents for a custom instance profile).
  'ssm:UpdateInstanceInformation', 'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
  // VPC functions' network interfaces (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions),
  // tags and volumes for the CloudWatch agent, the prefix-list resolver, default security group lockdown,
  // the EMR security-group cleanup, and the account's EBS encryption default.
  'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets',
  'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses', 'ec2:DescribeTags', 'ec2:DescribeVolumes', 'ec2:DescribePrefixLists',
  'ec2:DescribeSecurityGroupRules', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress',
  'ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId', 'ec2:EnableEbsEncryptionByDefault', 'ec2:ModifyEbsDefaultKmsKeyId',
  // Account settings (password policy) and the Auto Scaling service-linked role.
  'iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy', 'iam:GetRole', 'iam:CreateServiceLinkedRole',
  // Custom Config rules.
  'config:PutEvaluations', 'config:GetResourceConfigHistory', 'elasticloadbalancing:DescribeTargetGroups',
];

/**
 * The AWS Backup service role of HipaaBackupPlan: the actions of the AWS managed
 * policies it attaches (AWSBackupServiceRolePolicyForBackup v30, ...ForRestores v35,
 * ...ForS3Backup v5, ...ForS3Restore v2, AWS Managed Policy Reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html),
 * three or more actions of one verb of one service written `service:Verb*`.
 */
const BACKUP_SERVICE: readonly string[] = [
  'backup:CopyFromBackupVault', 'backup:CopyIntoBackupVault', 'backup:DescribeBackupVault', 'backup:DescribeRestoreJob',
  'backup:ListRecoveryPointsByBackupVault', 'backup:ListRestoreJobs', 'backup:StartRestoreJob', 'backup:TagResource',
  'backup-gateway:Backup', 'backup-gateway:ListTagsForResource', 'backup-gateway:Restore',
  'cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:DescribeStacks', 'cloudformation:GetTemplate',
  'cloudformation:ListStackResources', 'cloudformation:ListStacks', 'cloudformation:TagResource',
  'cloudwatch:GetMetricData', 'ds:DescribeDirectories',
  'dsql:AddPeerCluster', 'dsql:CreateCluster', 'dsql:Get*', 'dsql:ListClusters', 'dsql:ListTagsForResource', 'dsql:PutMultiRegionProperties',
  'dsql:PutWitnessRegion', 'dsql:RemovePeerCluster', 'dsql:StartBackupJob', 'dsql:StartRestoreJob', 'dsql:StopBackupJob',
  'dsql:StopRestoreJob', 'dsql:TagResource', 'dsql:UpdateCluster',
  'dynamodb:BatchWriteItem', 'dynamodb:CreateBackup', 'dynamodb:DeleteBackup', 'dynamodb:DeleteItem', 'dynamodb:DescribeBackup',
  'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:ListTagsOfResource', 'dynamodb:PutItem', 'dynamodb:Query',
  'dynamodb:RestoreTableFromAwsBackup', 'dynamodb:RestoreTableFromBackup', 'dynamodb:Scan', 'dynamodb:StartAwsBackupJob', 'dynamodb:UpdateItem',
  'ebs:CompleteSnapshot', 'ebs:PutSnapshotBlock', 'ebs:StartSnapshot',
  'ec2:CopyImage', 'ec2:CopySnapshot', 'ec2:Create*', 'ec2:Delete*', 'ec2:DeregisterImage', 'ec2:Describe*', 'ec2:Modify*',
  'ec2:RestoreSnapshotTier', 'ec2:RunInstances', 'ec2:TerminateInstances',
  'eks:AssociateAccessPolicy', 'eks:Create*', 'eks:Describe*', 'eks:DisassociateAccessPolicy', 'eks:List*', 'eks:TagResource',
  'elasticfilesystem:Backup', 'elasticfilesystem:CreateFilesystem', 'elasticfilesystem:DeleteFilesystem', 'elasticfilesystem:DescribeFilesystems',
  'elasticfilesystem:DescribeTags', 'elasticfilesystem:Restore', 'elasticfilesystem:TagResource',
  'events:DeleteRule', 'events:DescribeRule', 'events:DisableRule', 'events:EnableRule', 'events:ListRules', 'events:ListTargetsByRule',
  'events:PutRule', 'events:PutTargets', 'events:RemoveTargets',
  'fsx:CopyBackup', 'fsx:Create*', 'fsx:Delete*', 'fsx:Describe*', 'fsx:ListTagsForResource', 'fsx:ManageBackupPrincipalAssociations',
  'fsx:TagResource', 'fsx:UntagResource',
  'guardduty:GetMalwareScan', 'guardduty:StartMalwareScan',
  'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:PassRole',
  'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom', 'kms:ReEncryptTo',
  'rds:AddTagsToResource', 'rds:CopyDBClusterSnapshot', 'rds:CopyDBSnapshot', 'rds:Create*', 'rds:Delete*', 'rds:Describe*',
  'rds:ListTagsForResource', 'rds:Modify*', 'rds:Restore*',
  'redshift:CreateClusterSnapshot', 'redshift:CreateTags', 'redshift:DeleteClusterSnapshot', 'redshift:Describe*',
  'redshift:RestoreFromClusterSnapshot', 'redshift:RestoreTableFromClusterSnapshot',
  'redshift-serverless:CreateSnapshot', 'redshift-serverless:DeleteSnapshot', 'redshift-serverless:Get*', 'redshift-serverless:List*',
  'redshift-serverless:RestoreTableFromSnapshot', 'redshift-serverless:TagResource',
  's3:CreateBucket', 's3:DeleteObject', 's3:Get*', 's3:List*', 's3:Put*',
  'ssm:CancelCommand', 'ssm:GetCommandInvocation', 'ssm:SendCommand',
  'ssm-sap:BackupDatabase', 'ssm-sap:GetDatabase', 'ssm-sap:GetOperation', 'ssm-sap:ListDatabases', 'ssm-sap:ListTagsForResource',
  'ssm-sap:UpdateHanaBackupSettings',
  'storagegateway:AddTagsToResource', 'storagegateway:Create*', 'storagegateway:DeleteVolume', 'storagegateway:Describe*',
  'storagegateway:ListTagsForResource', 'storagegateway:ListVolumes',
  'tag:GetResources',
  'timestream:Describe*', 'timestream:GetAwsBackupStatus', 'timestream:GetAwsRestoreStatus', 'timestream:List*',
  'timestream:StartAwsBackupJob', 'timestream:StartAwsRestoreJob',
];

/**
 * The EMR service role of HipaaEmrCluster: the 49 actions of AmazonEMRServicePolicy_v2
 * (v6, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEMRServicePolicy_v2.html),
 * EC2 create/delete/describe written `ec2:Verb*`, and the key use HipaaEmrCluster grants it
 * for the EBS volumes of the nodes.
 */
const EMR_SERVICE: readonly string[] = [
  'application-autoscaling:DeleteScalingPolicy', 'application-autoscaling:DeregisterScalableTarget',
  'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies',
  'application-autoscaling:PutScalingPolicy', 'application-autoscaling:RegisterScalableTarget',
  'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm',
  'ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:Create*', 'ec2:Delete*', 'ec2:Describe*',
  'ec2:ModifyInstanceAttribute', 'ec2:ModifyVpcEndpoint', 'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress',
  'ec2:RunInstances', 'ec2:TerminateInstances',
  'iam:PassRole',
  'resource-groups:ListGroupResources',
  'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
];

/** The allow list of each profile. */
export const BOUNDARY_PROFILE_ACTIONS: Readonly<Record<HipaaBoundaryProfile, readonly string[]>> = {
  'workload': WORKLOAD,
  'backup-service': BACKUP_SERVICE,
  'emr-service': EMR_SERVICE,
};
