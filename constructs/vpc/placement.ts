import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';

/**
 * The subnets `selection` picks, refusing any public subnet (PHI workloads and
 * stores are never placed where the internet gateway routes) and an empty
 * selection. One check for every construct that takes `vpcSubnets`.
 *
 * @param workload what is being placed, for the message, e.g. 'a database holding PHI'
 * @param fix the selection to use instead, for the message
 */
export function requireNonPublicSubnets(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SubnetSelection, workload: string, fix: string): ec2.ISubnet[] {
  const chosen = vpc.selectSubnets(selection).subnets;
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  const exposed = chosen.filter((s) => publicIds.has(s.subnetId));
  if (selection.subnetType === ec2.SubnetType.PUBLIC || exposed.length > 0) {
    throw new HipaaValidationError(scope, 'vpcSubnets', 'WRONG_PLACEMENT', `vpcSubnets selects public subnets (${exposed.map((s) => s.node.path).join(', ') || 'subnetType PUBLIC'}); ` +
      `${workload} must not be reachable from the internet. Use ${fix}.`);
  }
  if (chosen.length === 0) {
    throw new HipaaValidationError(scope, 'vpcSubnets', 'INVALID_VALUE', `vpcSubnets selects no subnets; use ${fix}.`);
  }
  return chosen;
}

/** Admits `peer` on `port` only: a connectable gets the matching egress too, a CIDR peer just the ingress. */
export function allowOnPort(connections: ec2.Connections, peer: ec2.IConnectable | ec2.IPeer, port: number, description: string): void {
  if ((peer as ec2.IConnectable).connections !== undefined) {
    connections.allowFrom(peer as ec2.IConnectable, ec2.Port.tcp(port), description);
  } else {
    connections.allowFrom(peer as ec2.IPeer, ec2.Port.tcp(port), description);
  }
}

/** A subnet tier of a VPC: public, private with egress, or isolated. */
export type SubnetTier = 'public' | 'private' | 'isolated';

const TIER_WORDS: Record<SubnetTier, string> = { public: 'public', private: 'private (with egress)', isolated: 'isolated' };

/** What a construct may be placed in: allowed tiers and the fewest Availability Zones. */
export interface PlacementRule {
  /** Tiers the workload may run in. */
  readonly tiers: readonly SubnetTier[];
  /** Fewest distinct Availability Zones among the chosen subnets. @default 1 */
  readonly minAzs?: number;
  /** What is being placed, for the message, e.g. 'a database holding PHI'. */
  readonly workload: string;
  /** Why these tiers, for the message. */
  readonly why: string;
  /** The selection to use instead, for the message. */
  readonly fix: string;
  /** Refuse subnets whose route table sends 0.0.0.0/0 somewhere (NAT, the egress firewall). @default false */
  readonly noInternetRoute?: boolean;
}

/**
 * The subnets `selection` picks, checked against the tier rule (data stores in
 * the isolated tier, compute in the private tier, only load balancers in the
 * public tier) and the Availability Zone count. Public subnets are refused by
 * {@link requireNonPublicSubnets} unless the rule allows them.
 */
export function requirePlacement(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SubnetSelection, rule: PlacementRule): ec2.ISubnet[] {
  const chosen = rule.tiers.includes('public') ? vpc.selectSubnets(selection).subnets : requireNonPublicSubnets(scope, vpc, selection, rule.workload, rule.fix);
  if (chosen.length === 0) throw new HipaaValidationError(scope, 'vpcSubnets', 'INVALID_VALUE', `vpcSubnets selects no subnets; use ${rule.fix}.`);
  const tiers = new Map<string, SubnetTier>();
  for (const [tier, subnets] of [['public', vpc.publicSubnets], ['private', vpc.privateSubnets], ['isolated', vpc.isolatedSubnets]] as const) {
    for (const s of subnets) tiers.set(s.subnetId, tier);
  }
  const wrong = chosen.filter((s) => { const t = tiers.get(s.subnetId); return t !== undefined && !rule.tiers.includes(t); });
  if (wrong.length > 0) {
    const found = [...new Set(wrong.map((s) => TIER_WORDS[tiers.get(s.subnetId)!]))].join(' and ');
    throw new HipaaValidationError(scope, 'vpcSubnets', 'WRONG_PLACEMENT', `vpcSubnets selects ${found} subnets (${wrong.map((s) => s.node.path).join(', ')}); ` +
      `${rule.workload} belongs in the ${rule.tiers.map((t) => TIER_WORDS[t]).join(' or ')} tier (${rule.why}). Use ${rule.fix}.`);
  }
  // An environment-agnostic stack names its zones by token (Fn::Select of Fn::GetAZs): distinct tokens are distinct zones.
  const zones = chosen.map((s) => s.availabilityZone);
  const minAzs = rule.minAzs ?? 1;
  if (new Set(zones).size < minAzs) {
    throw new HipaaValidationError(scope, 'vpcSubnets', 'WRONG_PLACEMENT', `vpcSubnets spans ${new Set(zones).size} Availability Zone(s); ` +
      `${rule.workload} needs subnets in at least ${minAzs} so it survives the loss of one. Use ${rule.fix}.`);
  }
  if (rule.noInternetRoute) {
    const routed = chosen.filter((s) => hasDefaultRoute(s));
    if (routed.length > 0) {
      throw new HipaaValidationError(scope, 'vpcSubnets', 'WRONG_PLACEMENT', `vpcSubnets selects subnets with a route to the internet (${routed.map((s) => s.node.path).join(', ')}); ` +
        `${rule.workload} must have no path out of the VPC but its endpoints. Use a VPC without natGateways or egressAllowList, or ${rule.fix}.`);
    }
  }
  return chosen;
}

/** Whether a route of the subnet's route table sends all IPv4 or IPv6 traffic somewhere (a NAT gateway, a firewall, an internet gateway). */
function hasDefaultRoute(subnet: ec2.ISubnet): boolean {
  const stack = Stack.of(subnet);
  const table = stack.resolve(subnet.routeTable.routeTableId);
  return stack.node.findAll().some((c) => c instanceof ec2.CfnRoute &&
    (c.destinationCidrBlock === '0.0.0.0/0' || c.destinationIpv6CidrBlock === '::/0') &&
    JSON.stringify(stack.resolve(c.routeTableId)) === JSON.stringify(table));
}
