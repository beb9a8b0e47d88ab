import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, dependencyClosure, idsReferredBy } from '../template';

/** The custom resource type of HipaaEmrCluster's delete-time cleanup (constructs/emr-cluster/security-group-cleanup.ts). */
const CLEANUP_TYPE = 'Custom::HipaaEmrSecurityGroupCleanup';

/** The managed security groups a cluster names that this template creates. */
function ownGroups(template: CfnTemplate, instances: Record<string, unknown> | undefined): string[] {
  const keys = ['EmrManagedMasterSecurityGroup', 'EmrManagedSlaveSecurityGroup', 'ServiceAccessSecurityGroup'];
  return [...new Set(keys.flatMap((k) => idsReferredBy(template, ['AWS::EC2::SecurityGroup'], instances?.[k])))];
}

/**
 * A cluster whose EMR-managed security groups this template creates waits for a delete-time cleanup
 * of those groups. EMR adds inbound rules between them that CloudFormation does not know
 * (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html), and a group
 * another group's rule names cannot be deleted, so without the cleanup every stack delete and every
 * rollback of a failed create stops in DELETE_FAILED on the groups.
 */
export const EmrSecurityGroupCleanup: GapRule = {
  id: 'EmrSecurityGroupCleanup',
  resourceTypes: ['AWS::EMR::Cluster'],
  description: 'The EMR cluster\'s managed security groups have no delete-time cleanup of the rules EMR adds between them: deleting the stack stops in DELETE_FAILED on the groups.',
  fix: 'Use HipaaEmrCluster (its Custom::HipaaEmrSecurityGroupCleanup names the groups and the cluster depends on it), or revoke the EMR-added rules before deleting the stack.',
  safeguard: '164.308(a)(7)(ii)(B) disaster recovery plan',
  evaluate({ logicalId, resource, template }) {
    const groups = ownGroups(template, resource.Properties?.Instances);
    if (groups.length === 0) return RuleVerdict.NOT_APPLICABLE;
    const waitsFor = dependencyClosure(template, logicalId);
    const cleans = [...waitsFor].some((id) => {
      const r = template.Resources?.[id];
      if (r?.Type !== CLEANUP_TYPE) return false;
      const named = JSON.stringify(asArray(r.Properties?.GroupIds));
      return groups.every((g) => named.includes(`"${g}"`));
    });
    return cleans ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
