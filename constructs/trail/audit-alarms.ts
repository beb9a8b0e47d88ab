import { CisMonitoringControl } from './cis-alarms';
import { KEY_DELETION_ROLE_PREFIX } from '../../lib/policies/key-deletion';

/**
 * Changes to the audit controls themselves that the CIS set does not watch: each one could
 * shorten, blind or destroy the evidence of §164.312(b). Same shape as the CIS controls.
 */
const anyEvent = (source: string, names: string[]) =>
  `{ ($.eventSource = ${source}) && (${names.map((n) => `($.eventName = ${n})`).join(' || ')}) }`;

export const AUDIT_MONITORING_CONTROLS: readonly CisMonitoringControl[] = [
  { name: 'LogRetentionOrLogGroupDeletion', control: 'cdk-hipaa', description: 'A log group\'s retention was changed or removed, or a log group was deleted',
    pattern: anyEvent('logs.amazonaws.com', ['PutRetentionPolicy', 'DeleteRetentionPolicy', 'DeleteLogGroup']) },
  { name: 'KmsKeyPolicyChangeOrDeletion', control: 'cdk-hipaa', description: 'A key policy was replaced, or a key deletion was scheduled or key material deleted',
    pattern: anyEvent('kms.amazonaws.com', ['PutKeyPolicy', 'ScheduleKeyDeletion', 'DeleteImportedKeyMaterial']) },
  { name: 'TrailEventSelectorChanges', control: 'cdk-hipaa', description: 'What a trail records (event selectors, Insights selectors) was changed',
    pattern: anyEvent('cloudtrail.amazonaws.com', ['PutEventSelectors', 'PutInsightSelectors']) },
  { name: 'BackupVaultPolicyChanges', control: 'cdk-hipaa', description: 'A backup vault\'s access policy, lock or notifications changed, or a vault was deleted',
    pattern: anyEvent('backup.amazonaws.com', ['PutBackupVaultAccessPolicy', 'DeleteBackupVaultAccessPolicy', 'PutBackupVaultLockConfiguration',
      'DeleteBackupVaultLockConfiguration', 'DeleteBackupVault', 'DeleteBackupVaultNotifications']) },
  { name: 'ObjectLockConfigurationChanges', control: 'cdk-hipaa', description: 'A bucket\'s Object Lock default retention or mode was changed (e.g. the trail bucket\'s six years shortened)',
    pattern: anyEvent('s3.amazonaws.com', ['PutBucketObjectLockConfiguration']) },
  { name: 'RoleTrustPolicyChanges', control: 'cdk-hipaa', description: 'A role\'s trust policy was replaced (e.g. who may assume the break-glass role)',
    pattern: anyEvent('iam.amazonaws.com', ['UpdateAssumeRolePolicy']) },
  { name: 'KeyDeletionRoleAssumed', control: 'cdk-hipaa', description: `The break-glass role ${KEY_DELETION_ROLE_PREFIX}-<region> was assumed`,
    pattern: `{ ($.eventSource = sts.amazonaws.com) && ($.eventName = AssumeRole) && ($.requestParameters.roleArn = "*:role/${KEY_DELETION_ROLE_PREFIX}-*") }` },
];
