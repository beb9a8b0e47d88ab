import { GapRule, RuleVerdict } from '../rule';
import { asArray, statementsOf } from '../template';

/**
 * A backup vault is encrypted with a customer-managed key and its access
 * policy denies deleting recovery points to everyone.
 */
export const BackupVaultProtection: GapRule = {
  id: 'BackupVaultProtection',
  resourceTypes: ['AWS::Backup::BackupVault'],
  description: 'The backup vault is not encrypted with a customer-managed key, or its access policy does not deny backup:DeleteRecoveryPoint to everyone.',
  fix: 'Use HipaaBackupPlan, or set EncryptionKeyArn and an AccessPolicy with a Deny of backup:DeleteRecoveryPoint for Principal "*".',
  safeguard: '164.308(a)(7)(ii)(A) data backup',
  evaluate({ resource }) {
    const p = resource.Properties ?? {};
    const denies = statementsOf(p.AccessPolicy).some((s) => s.Effect === 'Deny'
      && (s.Principal === '*' || asArray(s.Principal?.AWS).includes('*'))
      && asArray<string>(s.Action).some((a) => a === 'backup:DeleteRecoveryPoint' || a === 'backup:*')
      && s.Condition === undefined);
    return p.EncryptionKeyArn !== undefined && denies ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
