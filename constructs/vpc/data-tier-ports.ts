import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The ports the data tier's network ACL of each HipaaVpc admits, by its ec2.Vpc,
 * so a HipaaDatabase placed in that VPC can refuse an engine port the ACL would
 * drop (MySQL in a VPC built with `databasePorts: [5432]`). Not public API.
 */
const PORTS = new WeakMap<ec2.IVpc, readonly number[]>();

/** Records the data tier ports of a HipaaVpc's VPC. */
export function registerDataTierPorts(vpc: ec2.IVpc, ports: readonly number[]): void {
  PORTS.set(vpc, [...ports]);
}

/** The data tier ports of a HipaaVpc's VPC, or undefined for any other VPC. */
export function dataTierPortsOf(vpc: ec2.IVpc): readonly number[] | undefined {
  return PORTS.get(vpc);
}
