import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';
import { SUBNET_TIERS } from './tiers';

const ANYWHERE = ec2.AclCidr.anyIpv4();
// A NAT gateway (and Lambda, and ELB) picks source ports from 1024-65535, so replies to them arrive on any of
// those ports: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html. A range that skips a
// port (3389 once did) makes some outbound connections through NAT hang.
const EPHEMERAL = ec2.AclTraffic.tcpPortRange(1024, 65535);
const HTTPS = ec2.AclTraffic.tcpPort(443);
const HTTP = ec2.AclTraffic.tcpPort(80);
const ALL_TCP = ec2.AclTraffic.tcpPortRange(0, 65535);

/**
 * Why the return range from the internet may include 3389 (Control Tower CT.EC2.PR.5 reads any range that
 * contains 22 or 3389 as "RDP open to the internet"): NACLs are stateless, and NAT gateways use the whole range.
 */
const RETURN_PATH_REASON = 'Return traffic only: NAT gateways use source ports 1024-65535 (AWS VPC user guide, ephemeral ports), ' +
  'so their replies arrive on any of them. Nothing in these subnets accepts a connection on 3389: the public tier holds only ' +
  'load balancers (security groups admit 443 and 80) and NAT gateways (no unsolicited inbound), the private tier has no public ' +
  'addresses, and every security group admits only named ports. SSH (22) is below the range and never open.';

/**
 * Network ACLs that encode the tier model. NACLs are stateless, so every allowed
 * request has its return path (ephemeral ports 1024-65535) allowed explicitly,
 * and SSH (22) is never open.
 *
 * - public: 443/80 in from anywhere (ALB, HTTP only to redirect); anything in from the
 *   VPC (opt-in NAT egress of the private tier); out to the VPC, 443 and replies to anywhere.
 * - private: anything in from the VPC (ALB → targets, tier → tier); ephemeral return
 *   from anywhere (S3/DynamoDB gateway endpoints, the egress path); out to the VPC and 443
 *   to anywhere (the gateway endpoints' public ranges, or the firewall/NAT when opted in).
 *   No plain HTTP (80) leaves any tier.
 * - isolated: only the database ports in from the private tier; only ephemeral replies out to it.
 */
export function applyTierNetworkAcls(scope: Construct, vpc: ec2.Vpc, vpcCidr: string, databasePorts: readonly number[]): void {
  const inVpc = ec2.AclCidr.ipv4(vpcCidr);

  const IN = ec2.TrafficDirection.INGRESS;
  const OUT = ec2.TrafficDirection.EGRESS;
  const publicReturn = addEntries(acl(scope, vpc, 'PublicAcl', SUBNET_TIERS.public), [
    [IN, ANYWHERE, HTTPS], [IN, ANYWHERE, HTTP], [IN, inVpc, ALL_TCP], [IN, ANYWHERE, EPHEMERAL],
    [OUT, inVpc, ALL_TCP], [OUT, ANYWHERE, HTTPS], [OUT, ANYWHERE, EPHEMERAL],
  ]);
  const privateReturn = addEntries(acl(scope, vpc, 'PrivateAcl', SUBNET_TIERS.private), [
    [IN, inVpc, ALL_TCP], [IN, ANYWHERE, EPHEMERAL],
    [OUT, inVpc, ALL_TCP], [OUT, ANYWHERE, HTTPS],
  ]);
  for (const entry of [...publicReturn, ...privateReturn]) {
    if (entry.direction === IN && entry.cidr === ANYWHERE && entry.traffic === EPHEMERAL) {
      suppress(entry.construct, 'ControlTower-CT.EC2.PR.5', RETURN_PATH_REASON);
    }
  }

  const privateCidrs = vpc.selectSubnets({ subnetGroupName: SUBNET_TIERS.private }).subnets.map((s) => ec2.AclCidr.ipv4(s.ipv4CidrBlock));
  addEntries(acl(scope, vpc, 'DataAcl', SUBNET_TIERS.isolated), [
    ...privateCidrs.flatMap((cidr) => databasePorts.map((port): Entry => [IN, cidr, ec2.AclTraffic.tcpPort(port)])),
    ...privateCidrs.map((cidr): Entry => [OUT, cidr, EPHEMERAL]),
  ]);
}

/**
 * ACL of a subnet on the allow-list egress path (the firewall and NAT subnets): packets
 * from the VPC in, HTTPS out to anywhere, replies back in, and back to the VPC.
 */
export function applyEgressPathAcl(scope: Construct, vpc: ec2.Vpc, id: string, subnet: ec2.ISubnet, vpcCidr: string): void {
  const inVpc = ec2.AclCidr.ipv4(vpcCidr);
  const entries = addEntries(acl(scope, vpc, id, { subnets: [subnet] }), [
    [ec2.TrafficDirection.INGRESS, inVpc, ALL_TCP], [ec2.TrafficDirection.INGRESS, ANYWHERE, EPHEMERAL],
    [ec2.TrafficDirection.EGRESS, inVpc, ALL_TCP], [ec2.TrafficDirection.EGRESS, ANYWHERE, HTTPS],
  ]);
  suppress(entries[1].construct, 'ControlTower-CT.EC2.PR.5', RETURN_PATH_REASON);
}

function acl(scope: Construct, vpc: ec2.Vpc, id: string, subnetSelection: string | ec2.SubnetSelection): ec2.NetworkAcl {
  const networkAcl = new ec2.NetworkAcl(scope, id, { vpc, subnetSelection: typeof subnetSelection === 'string' ? { subnetGroupName: subnetSelection } : subnetSelection });
  suppress(networkAcl, 'AwsSolutions-VPC3',
    'Network ACLs are the deliberate, stateless second layer of the tier model (defence in depth behind security groups); every entry is generated from the tier model and asserted by tests.');
  return networkAcl;
}

type Entry = [ec2.TrafficDirection, ec2.AclCidr, ec2.AclTraffic];

/** Allow entries, numbered from 100 in order, separately for each direction. */
function addEntries(networkAcl: ec2.NetworkAcl, entries: Entry[]): Array<{ direction: ec2.TrafficDirection; cidr: ec2.AclCidr; traffic: ec2.AclTraffic; construct: ec2.NetworkAclEntry }> {
  const next = { [ec2.TrafficDirection.INGRESS]: 100, [ec2.TrafficDirection.EGRESS]: 100 };
  return entries.map(([direction, cidr, traffic]) => {
    const ruleNumber = next[direction]++;
    const construct = networkAcl.addEntry(`${direction === ec2.TrafficDirection.INGRESS ? 'In' : 'Out'}${ruleNumber}`, {
      ruleNumber, direction, cidr, traffic, ruleAction: ec2.Action.ALLOW,
    });
    return { direction, cidr, traffic, construct };
  });
}
