import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';
import { SUBNET_TIERS } from './tiers';

const ANYWHERE = ec2.AclCidr.anyIpv4();
/** RDP: never admitted from the internet, not even inside the return range. */
export const RDP_PORT = 3389;
// Replies to connections made from inside (a NAT gateway, a load balancer, a Lambda function) arrive on the source
// port the client chose, and those pick from 1024-65535:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html. A stateless ACL cannot tell such a
// reply from a new connection, so the return range from the internet skips RDP (3389), as that guide allows ("deny
// traffic on any malicious ports within that range"); SSH (22) is below it. The cost: a reply to an outbound
// connection whose source port happens to be 3389 is dropped (about 1 in 64,512; the client's retry picks another
// port). Amazon Linux instances never pick it (their range is 32768-60999).
const RETURN_RANGES = [ec2.AclTraffic.tcpPortRange(1024, RDP_PORT - 1), ec2.AclTraffic.tcpPortRange(RDP_PORT + 1, 65535)];
/** Replies inside the VPC (from the data tier to the private tier) need no exception: the VPC's own addresses. */
const EPHEMERAL = ec2.AclTraffic.tcpPortRange(1024, 65535);
const HTTPS = ec2.AclTraffic.tcpPort(443);
const HTTP = ec2.AclTraffic.tcpPort(80);
const ALL_TCP = ec2.AclTraffic.tcpPortRange(0, 65535);

/**
 * Network ACLs that encode the tier model. NACLs are stateless, so every allowed
 * request has its return path (ephemeral ports 1024-65535) allowed explicitly;
 * from the internet that range skips RDP (3389), and SSH (22) is never open.
 *
 * - public: 443/80 in from anywhere (ALB, HTTP only to redirect); anything in from the
 *   VPC (opt-in NAT egress of the private tier); replies from anywhere (1024-65535 but 3389);
 *   out to the VPC, 443 and replies to anywhere.
 * - private: anything in from the VPC (ALB → targets, tier → tier); replies from anywhere
 *   (1024-65535 but 3389: S3/DynamoDB gateway endpoints, the egress path); out to the VPC and 443
 *   to anywhere (the gateway endpoints' public ranges, or the firewall/NAT when opted in).
 *   No plain HTTP (80) leaves any tier.
 * - isolated: only the database ports in from the private tier; only ephemeral replies out to it.
 */
export function applyTierNetworkAcls(scope: Construct, vpc: ec2.Vpc, vpcCidr: string, databasePorts: readonly number[]): void {
  const inVpc = ec2.AclCidr.ipv4(vpcCidr);

  const IN = ec2.TrafficDirection.INGRESS;
  const OUT = ec2.TrafficDirection.EGRESS;
  addEntries(acl(scope, vpc, 'PublicAcl', SUBNET_TIERS.public), [
    [IN, ANYWHERE, HTTPS], [IN, ANYWHERE, HTTP], [IN, inVpc, ALL_TCP], ...returnFromAnywhere(),
    [OUT, inVpc, ALL_TCP], [OUT, ANYWHERE, HTTPS], [OUT, ANYWHERE, EPHEMERAL],
  ]);
  addEntries(acl(scope, vpc, 'PrivateAcl', SUBNET_TIERS.private), [
    [IN, inVpc, ALL_TCP], ...returnFromAnywhere(),
    [OUT, inVpc, ALL_TCP], [OUT, ANYWHERE, HTTPS],
  ]);

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
  addEntries(acl(scope, vpc, id, { subnets: [subnet] }), [
    [ec2.TrafficDirection.INGRESS, inVpc, ALL_TCP], ...returnFromAnywhere(),
    [ec2.TrafficDirection.EGRESS, inVpc, ALL_TCP], [ec2.TrafficDirection.EGRESS, ANYWHERE, HTTPS],
  ]);
}

/** Inbound replies from the internet: 1024-65535 in two entries around RDP (3389). */
function returnFromAnywhere(): Entry[] {
  return RETURN_RANGES.map((range): Entry => [ec2.TrafficDirection.INGRESS, ANYWHERE, range]);
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
