/**
 * The actions that would let a workload erase, shorten, silence or re-key the
 * audit trail (45 CFR §164.312(b)) or the backups (§164.308(a)(7)). Written once
 * and used twice: by {@link HipaaPermissionsBoundary}, which denies them to every
 * role the library creates, and by the `HipaaGap-WorkloadRoleAuditTamper` rule,
 * which reports any workload role whose own policies allow one of them.
 *
 * Every entry is a concrete action name (no wildcard), so a policy's action
 * patterns (`logs:*`, `logs:Put*`, `*`) can be matched against it exactly with
 * IAM's own glob semantics ({@link actionPatternMatches}); no catalogue of all
 * AWS actions is needed for that direction of the match.
 */
export const AUDIT_TAMPER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // Retention, deletion and key of log groups (the CloudTrail, flow-log, RDS, WAF groups), and the
  // metric filters behind the CIS alarms.
  logs: ['logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:DeleteLogGroup', 'logs:DeleteLogStream',
    'logs:DisassociateKmsKey', 'logs:AssociateKmsKey', 'logs:DeleteMetricFilter'],
  cloudtrail: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
    'cloudtrail:PutInsightSelectors'],
  kms: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DisableKeyRotation'],
  s3: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning',
    's3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention'],
  backup: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DeleteBackupVault',
    'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration'],
  config: ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel'],
  guardduty: ['guardduty:DeleteDetector', 'guardduty:UpdateDetector'],
  securityhub: ['securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards'],
};

/** {@link AUDIT_TAMPER_ACTIONS} as one list. */
export const AUDIT_TAMPER_ACTION_LIST: readonly string[] = Object.values(AUDIT_TAMPER_ACTIONS).flat();
const TAMPER_LOWER = new Set(AUDIT_TAMPER_ACTION_LIST.map((a) => a.toLowerCase()));

/** The tamper actions one pattern covers: a set lookup for a literal action, the glob match otherwise. */
function tamperActionsCoveredBy(pattern: string): readonly string[] {
  if (!/[*?]/.test(pattern)) return TAMPER_LOWER.has(pattern.toLowerCase()) ? AUDIT_TAMPER_ACTION_LIST.filter((a) => a.toLowerCase() === pattern.toLowerCase()) : [];
  return AUDIT_TAMPER_ACTION_LIST.filter((action) => actionPatternMatches(pattern, action));
}

/**
 * AWS managed policies known to allow at least one audit-tamper action on `*`
 * (checked against their published documents in the AWS Managed Policy
 * Reference, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/).
 * A template names an AWS managed policy only by ARN, so the rule needs this
 * list to see through the attachment.
 */
export const AUDIT_TAMPER_AWS_MANAGED_POLICIES: readonly string[] = [
  'AdministratorAccess', 'PowerUserAccess',
  'CloudWatchAgentServerPolicy', 'CloudWatchAgentAdminPolicy', 'CloudWatchLogsFullAccess', 'CloudWatchFullAccess', 'CloudWatchFullAccessV2',
  'AWSCloudTrail_FullAccess', 'AWSKeyManagementServicePowerUser', 'AmazonS3FullAccess', 'AWSBackupFullAccess',
  'AWSBackupOperatorAccess', 'AWSConfigRole', 'AmazonGuardDutyFullAccess', 'AWSSecurityHubFullAccess',
  'service-role/AWSConfigRulesExecutionRole',
];

/**
 * True when an IAM action pattern of a policy (`*`, `logs:*`, `logs:Put*`,
 * `s3:PutBucket?olicy`) covers the concrete `action`. IAM matches service
 * prefixes and action names case-insensitively, `*` as any run of characters
 * and `?` as one character.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
  let regex = PATTERNS.get(pattern);
  if (!regex) {
    regex = new RegExp('^' + pattern.split('').map((c) => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('') + '$', 'i');
    PATTERNS.set(pattern, regex);
  }
  return regex.test(action);
}

/** Compiled patterns: a template repeats the same few action patterns many times. */
const PATTERNS = new Map<string, RegExp>();

/**
 * The audit-tamper actions a statement's `Action` (or, for `NotAction`, its
 * complement) allows. Empty for Deny statements.
 */
export function tamperActionsAllowedBy(statement: { Effect?: unknown; Action?: unknown; NotAction?: unknown }): string[] {
  if (statement.Effect !== 'Allow') return [];
  const list = (v: unknown): unknown[] => v === undefined ? [] : Array.isArray(v) ? v : [v];
  const strings = (v: unknown) => list(v).filter((a): a is string => typeof a === 'string');
  if (statement.NotAction !== undefined) {
    const excluded = new Set(strings(statement.NotAction).flatMap(tamperActionsCoveredBy));
    return AUDIT_TAMPER_ACTION_LIST.filter((action) => !excluded.has(action));
  }
  return [...new Set(strings(statement.Action).flatMap(tamperActionsCoveredBy))];
}
