import { GapRule, RuleVerdict } from '../rule';
import { asArray, refersTo, resourcesOfType, statementsOf } from '../template';
import { SIX_YEARS_IN_DAYS } from '../logs/log-group-retention';

/**
 * A key that encrypts audit records (a CloudTrail trail, a log group kept six years or more,
 * or forever: database audit logs, session logs) or backups (a backup vault) denies
 * `kms:ScheduleKeyDeletion` to every principal but the one(s) named in the deny's condition
 * (the break-glass role): one everyday administrator cannot destroy the evidence alone.
 */
export const EvidenceKeyDeletionRestricted: GapRule = {
  id: 'EvidenceKeyDeletionRestricted',
  resourceTypes: ['AWS::KMS::Key'],
  description: 'The key encrypts CloudTrail logs, a log group kept six years or more (audit records) or AWS Backup recovery points, and any principal allowed kms:* may schedule its deletion.',
  fix: 'Use HipaaTrail / HipaaLogGroup / HipaaBackupPlan (they add DenyKeyDeletionExceptBreakGlassRole), or add a key policy statement denying kms:ScheduleKeyDeletion to Principal "*" unless aws:PrincipalArn is the break-glass role.',
  safeguard: '164.312(c)(1) integrity',
  evaluate({ logicalId, resource, template }) {
    const encryptsEvidence = resourcesOfType(template, 'AWS::CloudTrail::Trail').some(([, t]) => refersTo(t.Properties?.KMSKeyId, logicalId))
      || resourcesOfType(template, 'AWS::Backup::BackupVault').some(([, v]) => refersTo(v.Properties?.EncryptionKeyArn, logicalId))
      || resourcesOfType(template, 'AWS::Logs::LogGroup').some(([, g]) => refersTo(g.Properties?.KmsKeyId, logicalId) && keptSixYears(g.Properties?.RetentionInDays));
    if (!encryptsEvidence) return RuleVerdict.NOT_APPLICABLE;
    const denies = statementsOf(resource.Properties?.KeyPolicy).some((s) => s.Effect === 'Deny'
      && (s.Principal === '*' || asArray(s.Principal?.AWS).includes('*'))
      && asArray<string>(s.Action).some((a) => ['kms:ScheduleKeyDeletion', 'kms:*', '*'].includes(a))
      && onlyPrincipalArnException(s.Condition));
    return denies ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

/**
 * Audit-record retention: six years or more, never expiring (no RetentionInDays), or a value this
 * template cannot read (a parameter: judged as audit records rather than let through).
 */
function keptSixYears(days: unknown): boolean {
  if (days === undefined) return true;
  const n = typeof days === 'number' || typeof days === 'string' ? Number(days) : NaN;
  return Number.isNaN(n) || n >= SIX_YEARS_IN_DAYS;
}

/** The deny applies to everyone except principals named by ARN (and nothing else weakens it). */
export function onlyPrincipalArnException(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  const entries = Object.entries(condition as Record<string, Record<string, unknown>>);
  return entries.length === 1 && ['ArnNotEquals', 'ArnNotLike'].includes(entries[0][0])
    && Object.keys(entries[0][1] ?? {}).length === 1 && Object.keys(entries[0][1])[0].toLowerCase() === 'aws:principalarn';
}
