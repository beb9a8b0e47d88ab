import { GapRule, RuleVerdict } from '../rule';

/**
 * The cluster has termination protection, so one mistaken API call or stack change cannot terminate
 * it and lose what its nodes hold. A non-production deployment turns it off with HipaaEmrCluster's
 * `teardown`, which acknowledges this rule with its reason.
 */
export const EmrTerminationProtection: GapRule = {
  id: 'EmrTerminationProtection',
  resourceTypes: ['AWS::EMR::Cluster'],
  description: 'The EMR cluster has no termination protection: a single call or stack change terminates it.',
  fix: 'Use HipaaEmrCluster (Instances.TerminationProtected is true unless `teardown` is set with a reason for a non-production deployment).',
  safeguard: '164.312(c)(1) integrity',
  evaluate({ resource }) {
    const value = resource.Properties?.Instances?.TerminationProtected;
    return value === true || value === 'true' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
