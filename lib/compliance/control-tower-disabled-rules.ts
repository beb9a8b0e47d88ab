/**
 * AWS Control Tower proactive controls that are wrong for this architecture,
 * each with the reason. The one place such a control is turned off; every
 * other control runs on every template (ControlTowerGuardChecks).
 */
export const DISABLED_CONTROL_TOWER_RULES: Readonly<Record<string, string>> = {
  'CT.S3.PR.4': 'S3 event notifications are an integration feature, not a safeguard: object-level access to PHI buckets is recorded by ' +
    'CloudTrail S3 data events (HipaaTrail) and watched by GuardDuty S3 protection (HipaaBaselineStack).',
  'CT.S3.PR.9': 'Object Lock (WORM) is opt-in per bucket (HipaaBucket objectLock) where a records policy demands it; on by default it would ' +
    'stop lifecycle expiry and legitimate correction of records. Versioning, RETAIN, the deny-delete backup vault and lifecycle floors protect integrity.',
  'CT.AUTOSCALING.PR.6': 'Instance-type diversity is a capacity-availability choice, not a security safeguard; dedicated-tenancy fleets are sized ' +
    'on one instance type, and the groups already span two Availability Zones.',
};
