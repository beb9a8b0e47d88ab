import { GapRule, RuleVerdict } from '../rule';
import { asArray, refersTo, resourcesOfType, statementsOf } from '../template';

/**
 * A key that encrypts audit records (a CloudTrail trail) or backups (a backup vault) denies
 * `kms:ScheduleKeyDeletion` to every principal but the one(s) named in the deny's condition
 * (the break-glass role): one everyday administrator cannot destroy the evidence alone.
 */
export const EvidenceKeyDeletionRestricted: GapRule = {
  id: 'EvidenceKeyDeletionRestricted',
  resourceTypes: ['AWS::KMS::Key'],
  description: 'The key encrypts CloudTrail logs or AWS Backup recovery points, and any principal allowed kms:* may schedule its deletion.',
  fix: 'Use HipaaTrail / HipaaBackupPlan (they add DenyKeyDeletionExceptBreakGlassRole), or add a key policy statement denying kms:ScheduleKeyDeletion to Principal "*" unless aws:PrincipalArn is the break-glass role.',
  safeguard: '164.312(c)(1) integrity',
  evaluate({ logicalId, resource, template }) {
    const encryptsEvidence = resourcesOfType(template, 'AWS::CloudTrail::Trail').some(([, t]) => refersTo(t.Properties?.KMSKeyId, logicalId))
      || resourcesOfType(template, 'AWS::Backup::BackupVault').some(([, v]) => refersTo(v.Properties?.EncryptionKeyArn, logicalId));
    if (!encryptsEvidence) return RuleVerdict.NOT_APPLICABLE;
    const denies = statementsOf(resource.Properties?.KeyPolicy).some((s) => s.Effect === 'Deny'
      && (s.Principal === '*' || asArray(s.Principal?.AWS).includes('*'))
      && asArray<string>(s.Action).some((a) => ['kms:ScheduleKeyDeletion', 'kms:*', '*'].includes(a))
      && principalArnException(s.Condition));
    return denies ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

/** The deny applies to everyone except principals named by ARN (and nothing else weakens it). */
function principalArnException(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  const entries = Object.entries(condition as Record<string, Record<string, unknown>>);
  return entries.length === 1 && ['ArnNotEquals', 'ArnNotLike'].includes(entries[0][0])
    && Object.keys(entries[0][1] ?? {}).length === 1 && Object.keys(entries[0][1])[0].toLowerCase() === 'aws:principalarn';
}
