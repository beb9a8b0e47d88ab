import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, CfnTemplateResource, dependencyClosure, idsReferredBy, idsReferringTo } from '../template';

/** Role logical ids a resource of a role-validating type uses, and where it names them. */
function rolesUsed(template: CfnTemplate, resource: CfnTemplateResource): string[] {
  const p = resource.Properties ?? {};
  const roleIds = (value: unknown) => idsReferredBy(template, ['AWS::IAM::Role'], value);
  if (resource.Type === 'AWS::CloudTrail::Trail') return roleIds(p.CloudWatchLogsRoleArn);
  // EMR: the service role, and the roles of the instance profile named by JobFlowRole.
  const profiles = idsReferredBy(template, ['AWS::IAM::InstanceProfile'], p.JobFlowRole);
  return [...roleIds(p.ServiceRole), ...profiles.flatMap((id) => asArray(template.Resources?.[id].Properties?.Roles).flatMap(roleIds))];
}

/** Policy resources attached to the role `roleId`. */
function policiesOf(template: CfnTemplate, roleId: string): string[] {
  return [
    ...idsReferringTo(template, ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'], 'Roles', roleId),
    ...idsReferringTo(template, ['AWS::IAM::RolePolicy'], 'RoleName', roleId),
  ];
}

/**
 * A resource whose creation validates a role waits for the role's policies, not only for the role.
 * CloudTrail checks the CloudWatch Logs role when the trail is created
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html, InvalidCloudWatchLogsRoleArn),
 * EMR checks its service role (PassRole of the node role, the EBS key) and the instance profile when the
 * cluster is created. A policy attached as a separate resource may otherwise be created after them.
 */
export const WaitsForRolePolicies: GapRule = {
  id: 'WaitsForRolePolicies',
  resourceTypes: ['AWS::CloudTrail::Trail', 'AWS::EMR::Cluster'],
  description: 'The resource validates a role when it is created but does not wait for the policies attached to that role: the first deployment can fail on a race.',
  fix: 'Add a dependency on every policy attached to the role (construct.node.addDependency(policy)), as HipaaTrail and HipaaEmrCluster do.',
  safeguard: '164.308(a)(7)(ii)(B) disaster recovery plan',
  evaluate({ logicalId, resource, template }) {
    const roles = rolesUsed(template, resource);
    if (roles.length === 0) return RuleVerdict.NOT_APPLICABLE;
    const waitsFor = dependencyClosure(template, logicalId);
    return roles.flatMap((role) => policiesOf(template, role)).every((policy) => waitsFor.has(policy))
      ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
