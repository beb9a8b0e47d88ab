import { GapRule, RuleVerdict } from '../rule';
import { redshiftParameterValue } from './parameter-group';

/**
 * The cluster uses a parameter group, defined in the template, with `require_ssl=true`.
 * cdk-nag reads the construct (an escape-hatch override of the group is invisible to it)
 * and Control Tower's CT.REDSHIFT.PR.9 judges parameter groups on their own, not whether
 * the cluster uses one: a cluster on the default group (require_ssl false) passes both.
 */
export const RedshiftRequireSsl: GapRule = {
  id: 'RedshiftRequireSsl',
  resourceTypes: ['AWS::Redshift::Cluster'],
  description: 'The Redshift cluster accepts connections without TLS: its parameter group is not one of this template with require_ssl=true.',
  fix: 'Use HipaaRedshiftCluster, or attach a cluster parameter group of this template that sets require_ssl to true.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource, template }) {
    const value = redshiftParameterValue(template, resource.Properties?.ClusterParameterGroupName, 'require_ssl');
    return value === 'true' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
