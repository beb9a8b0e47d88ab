import { GapRule, RuleVerdict } from '../rule';
import { arnInRegion, disasterRecoveryRegionOfPrimary } from '../template';

const days = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/**
 * In an app that declares a disaster-recovery region, every rule of every backup plan of a primary
 * stack copies its recovery points to a vault of the DR region, kept at least as long as the
 * originals (a recovery point that expires earlier in the DR region is no DR copy of it).
 */
export const BackupCrossRegionCopy: GapRule = {
  id: 'BackupCrossRegionCopy',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  description: 'A backup rule in the primary region of an app that declares a disaster-recovery region does not copy its recovery points ' +
    'to a vault of the DR region for as long as it keeps them: a regional outage would take the backups with the data.',
  fix: 'Give the HipaaBackupPlan `copyTo: { backupVaultArn }` naming the DR region\'s vault (DisasterRecoveryNames.backupVaultArn; the ' +
    'DisasterRecoveryStack creates it), or add a copy action with the same lifecycle to each rule.',
  safeguard: '164.308(a)(7)(ii)(B) disaster recovery plan',
  evaluate({ resource, template }) {
    const drRegion = disasterRecoveryRegionOfPrimary(template);
    if (!drRegion) return RuleVerdict.NOT_APPLICABLE;
    const rules = resource.Properties?.BackupPlan?.BackupPlanRule;
    if (!Array.isArray(rules) || rules.length === 0) return RuleVerdict.NON_COMPLIANT;
    const ok = rules.every((rule: Record<string, any>) => {
      const keep = days(rule.Lifecycle?.DeleteAfterDays);
      return Array.isArray(rule.CopyActions) && rule.CopyActions.some((c: Record<string, any>) => {
        const copyKeep = days(c.Lifecycle?.DeleteAfterDays);
        const longEnough = keep === undefined ? copyKeep === undefined : copyKeep === undefined || copyKeep >= keep;
        return arnInRegion(c.DestinationBackupVaultArn, 'backup', drRegion) && longEnough;
      });
    });
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
