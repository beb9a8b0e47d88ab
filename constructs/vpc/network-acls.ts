import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';
import { SUBNET_TIERS } from './tiers';

const ANYWHERE = ec2.AclCidr.anyIpv4();
const EPHEMERAL = ec2.AclTraffic.tcpPortRange(1024, 65535);
const HTTPS = ec2.AclTraffic.tcpPort(443);
const HTTP = ec2.AclTraffic.tcpPort(80);
const ALL_TCP = ec2.AclTraffic.tcpPortRange(0, 65535);

/**
 * Network ACLs that encode the tier model. NACLs are stateless, so every allowed
 * request has its return path (ephemeral ports 1024-65535) allowed explicitly.
 *
 * - public: 443/80 in from anywhere (ALB, HTTP only to redirect); anything in from the
 *   VPC (NAT egress of the private tier); ephemeral return traffic both ways.
 * - private: anything in from the VPC (ALB → targets, tier → tier); ephemeral return
 *   from anywhere (replies through NAT); out to the VPC and 443/80 to anywhere (via NAT).
 * - isolated: only the database ports in from the private tier; only ephemeral replies out to it.
 */
export function applyTierNetworkAcls(scope: Construct, vpc: ec2.Vpc, vpcCidr: string, databasePorts: readonly number[]): void {
  const inVpc = ec2.AclCidr.ipv4(vpcCidr);

  const publicAcl = acl(scope, vpc, 'PublicAcl', SUBNET_TIERS.public);
  let rule = 100;
  allow(publicAcl, rule++, ec2.TrafficDirection.INGRESS, ANYWHERE, HTTPS);
  allow(publicAcl, rule++, ec2.TrafficDirection.INGRESS, ANYWHERE, HTTP);
  allow(publicAcl, rule++, ec2.TrafficDirection.INGRESS, inVpc, ALL_TCP);
  allow(publicAcl, rule++, ec2.TrafficDirection.INGRESS, ANYWHERE, EPHEMERAL);
  rule = 100;
  allow(publicAcl, rule++, ec2.TrafficDirection.EGRESS, inVpc, ALL_TCP);
  allow(publicAcl, rule++, ec2.TrafficDirection.EGRESS, ANYWHERE, HTTPS);
  allow(publicAcl, rule++, ec2.TrafficDirection.EGRESS, ANYWHERE, HTTP);
  allow(publicAcl, rule++, ec2.TrafficDirection.EGRESS, ANYWHERE, EPHEMERAL);

  const privateAcl = acl(scope, vpc, 'PrivateAcl', SUBNET_TIERS.private);
  rule = 100;
  allow(privateAcl, rule++, ec2.TrafficDirection.INGRESS, inVpc, ALL_TCP);
  allow(privateAcl, rule++, ec2.TrafficDirection.INGRESS, ANYWHERE, EPHEMERAL);
  rule = 100;
  allow(privateAcl, rule++, ec2.TrafficDirection.EGRESS, inVpc, ALL_TCP);
  allow(privateAcl, rule++, ec2.TrafficDirection.EGRESS, ANYWHERE, HTTPS);
  allow(privateAcl, rule++, ec2.TrafficDirection.EGRESS, ANYWHERE, HTTP);

  const isolatedAcl = acl(scope, vpc, 'DataAcl', SUBNET_TIERS.isolated);
  const privateCidrs = vpc.selectSubnets({ subnetGroupName: SUBNET_TIERS.private }).subnets.map((s) => s.ipv4CidrBlock);
  rule = 100;
  for (const cidr of privateCidrs) {
    for (const port of databasePorts) {
      allow(isolatedAcl, rule++, ec2.TrafficDirection.INGRESS, ec2.AclCidr.ipv4(cidr), ec2.AclTraffic.tcpPort(port));
    }
  }
  rule = 100;
  for (const cidr of privateCidrs) {
    allow(isolatedAcl, rule++, ec2.TrafficDirection.EGRESS, ec2.AclCidr.ipv4(cidr), EPHEMERAL);
  }
}

function acl(scope: Construct, vpc: ec2.Vpc, id: string, subnetGroupName: string): ec2.NetworkAcl {
  const networkAcl = new ec2.NetworkAcl(scope, id, { vpc, subnetSelection: { subnetGroupName } });
  suppress(networkAcl, 'AwsSolutions-VPC3',
    'Network ACLs are the deliberate, stateless second layer of the tier model (defence in depth behind security groups); every entry is generated from the tier model and asserted by tests.');
  return networkAcl;
}

function allow(acl: ec2.NetworkAcl, ruleNumber: number, direction: ec2.TrafficDirection, cidr: ec2.AclCidr, traffic: ec2.AclTraffic): void {
  acl.addEntry(`${direction === ec2.TrafficDirection.INGRESS ? 'In' : 'Out'}${ruleNumber}`, {
    ruleNumber, direction, cidr, traffic, ruleAction: ec2.Action.ALLOW,
  });
}
