/**
 * Names of the gate's own plugins and the prefixes of their rule ids, written once.
 * A leaf module: `suppress` (loaded by every construct) needs these names to build
 * acknowledgement ids, and must not load the rules or the Guard engine to get them.
 */

/** Plugin name of HipaaGapChecks; also the namespace of its rule ids in acknowledgements. */
export const GAP_CHECKS_PLUGIN_NAME = 'HipaaGapChecks';
/** Prefix of every rule id HipaaGapChecks reports, e.g. `HipaaGap-S3BucketTlsPolicy`. */
export const GAP_RULE_PREFIX = 'HipaaGap-';

/** Plugin name of the Control Tower pack; also the namespace of its rule ids in acknowledgements. */
export const CONTROL_TOWER_PLUGIN_NAME = 'ControlTowerGuardChecks';
/** Prefix of its rule ids, e.g. `ControlTower-CT.S3.PR.10`. */
export const CONTROL_TOWER_RULE_PREFIX = 'ControlTower-';

/** Plugin name of HipaaAcknowledgementChecks. */
export const ACK_CHECKS_PLUGIN_NAME = 'HipaaAcknowledgementChecks';
/** The one rule it reports. */
export const ACK_REASON_RULE = 'HipaaAck-Reason';

/**
 * The two cdk-nag packs that report the same rule under their own prefix (e.g.
 * `HIPAA.Security-S3BucketReplicationEnabled` and `NIST.800.53.R5-S3BucketReplicationEnabled`):
 * an acknowledgement that holds for one holds for the other.
 */
export const HIPAA_AND_NIST_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;

/** The ids both packs report cdk-nag rule `nagRule` under, e.g. `S3BucketReplicationEnabled`. */
export function hipaaAndNistRuleIds(nagRule: string): string[] {
  return HIPAA_AND_NIST_PACKS.map((pack) => `${pack}-${nagRule}`);
}
