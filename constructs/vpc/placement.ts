import * as ec2 from 'aws-cdk-lib/aws-ec2';
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
