import { isClassifiedPhi } from '../cloudtrail/data-event-coverage';
import { GapRule, RuleVerdict } from '../rule';
import { arnInRegion, disasterRecoveryRegionOfPrimary } from '../template';

const enabled = (v: unknown) => v === 'Enabled';

/**
 * In an app that declares a disaster-recovery region, every bucket classified PHI in a primary
 * stack replicates all its objects (a rule without prefix or tag filter), the SSE-KMS ones
 * included, and its delete markers, to a replica encrypted with a key of the DR region.
 */
export const S3PhiBucketReplication: GapRule = {
  id: 'S3PhiBucketReplication',
  resourceTypes: ['AWS::S3::Bucket'],
  description: 'A bucket classified PHI in the primary region of an app that declares a disaster-recovery region does not replicate ' +
    'every object (SSE-KMS objects and delete markers included) to a replica encrypted with a key of the DR region: a regional outage leaves no usable copy.',
  fix: 'Give the HipaaBucket a `replication` prop naming its replica bucket and the replica key (key or alias ARN) in the DR region; ' +
    'the reference app\'s DisasterRecoveryStack creates both under DisasterRecoveryNames.',
  safeguard: '164.308(a)(7)(ii)(B) disaster recovery plan',
  evaluate({ resource, template }) {
    const drRegion = disasterRecoveryRegionOfPrimary(template);
    if (!drRegion || !isClassifiedPhi(resource)) return RuleVerdict.NOT_APPLICABLE;
    const rules = resource.Properties?.ReplicationConfiguration?.Rules;
    const ok = Array.isArray(rules) && rules.some((r: Record<string, any>) => {
      const filter = r.Filter ?? {};
      const everyObject = r.Prefix === undefined && (filter.Prefix === undefined || filter.Prefix === '') && filter.TagFilter === undefined && filter.And === undefined;
      return enabled(r.Status) && everyObject
        && enabled(r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status)
        && enabled(r.DeleteMarkerReplication?.Status)
        && arnInRegion(r.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID, 'kms', drRegion);
    });
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
