import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, idsReferringTo } from '../template';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** True when a security group of the template is attached to a load balancer (the internet-facing edge, not a PHI tier). */
function isLoadBalancerGroup(template: CfnTemplate, groupLogicalId: string): boolean {
  return idsReferringTo(template, ['AWS::ElasticLoadBalancingV2::LoadBalancer'], 'SecurityGroups', groupLogicalId).length > 0;
}

/** The logical id a GroupId value points at, if it is a Ref/GetAtt of this template. */
function groupIdTarget(groupId: unknown): string | undefined {
  if (!groupId || typeof groupId !== 'object') return undefined;
  const v = groupId as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

function toAnywhere(rule: Record<string, unknown> | undefined): boolean {
  return ANYWHERE.has(String(rule?.CidrIp)) || ANYWHERE.has(String(rule?.CidrIpv6));
}

/**
 * Security groups of PHI tiers (every group not attached to a load balancer) send
 * nothing to 0.0.0.0/0 or ::/0: instances, nodes and functions reach AWS through the
 * VPC endpoints. A group without any SecurityGroupEgress property keeps EC2's default
 * allow-all egress, so it fails too. Egress through the Network Firewall allow-list
 * (HipaaVpc.allowAllowListedEgress) is acknowledged per group with the domains.
 */
export const PhiTierInternetEgress: GapRule = {
  id: 'PhiTierInternetEgress',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress'],
  description: 'A PHI-tier security group allows egress to 0.0.0.0/0 or ::/0 (or keeps the default allow-all egress): a node that can decrypt PHI can send it to any host.',
  fix: 'Allow egress only to the VPC endpoints (HipaaVpc.allowEndpointEgress / allowVpcEndpointEgress) and to named peers; for outside services use HipaaVpc egressAllowList and allowAllowListedEgress.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ logicalId, resource, template }) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::EC2::SecurityGroupEgress') {
      const target = groupIdTarget(props.GroupId);
      if (target && isLoadBalancerGroup(template, target)) return RuleVerdict.NOT_APPLICABLE;
      return toAnywhere(props) ? RuleVerdict.NON_COMPLIANT : RuleVerdict.COMPLIANT;
    }
    if (isLoadBalancerGroup(template, logicalId)) return RuleVerdict.NOT_APPLICABLE;
    if (props.SecurityGroupEgress === undefined) return RuleVerdict.NON_COMPLIANT;
    const rules = asArray(props.SecurityGroupEgress as Record<string, unknown> | Array<Record<string, unknown>>);
    return rules.some(toAnywhere) ? RuleVerdict.NON_COMPLIANT : RuleVerdict.COMPLIANT;
  },
};
