import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/**
 * Keeps a security group's egress rules declared in the group itself. CloudFormation
 * revokes EC2's default allow-all egress only when the group's SecurityGroupEgress
 * property has a rule (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html);
 * aws-cdk-lib renders rules to security groups and prefix lists as separate
 * AWS::EC2::SecurityGroupEgress resources and then drops its own "disallow all"
 * placeholder, which would leave the group open to 0.0.0.0/0. This inert inline rule
 * (ICMP type 252 code 87 to 255.255.255.255/32, which matches no traffic) keeps the
 * property present. Idempotent.
 */
export function declareEgress(securityGroup: ec2.ISecurityGroup): void {
  securityGroup.addEgressRule(ec2.Peer.ipv4('255.255.255.255/32'), ec2.Port.icmpTypeAndCode(252, 87),
    'Matches no traffic: keeps egress explicit so the default allow-all rule stays revoked');
}

/** Opens a connectable's egress to the endpoints of the VPC it was registered for. */
type EndpointEgress = (connectable: ec2.IConnectable, description: string) => void;

const REGISTRY = new WeakMap<ec2.IVpc, EndpointEgress>();

/** Called by HipaaVpc: how workloads in `vpc` reach its endpoints. */
export function registerEndpointEgress(vpc: ec2.IVpc, egress: EndpointEgress): void {
  REGISTRY.set(vpc, egress);
}

/**
 * Gives `connectable` (instances, nodes, a Lambda function in the VPC) HTTPS
 * egress to the VPC's endpoints and nothing else: the S3 and DynamoDB gateway
 * endpoints' managed prefix lists (resolved at deploy time) and the interface
 * endpoints' security group. The library's constructs call it for their own
 * security groups; call it for yours (e.g. a custom resource's Lambda in the
 * private tier), then open the peers it talks to with `connections.allowTo`.
 *
 * For a VPC not made by HipaaVpc the endpoints are unknown: nothing is opened
 * (the workload keeps no egress at all) and a warning says so; add the rules
 * for your own endpoints yourself.
 *
 * @returns whether the rules were added
 */
export function allowVpcEndpointEgress(vpc: ec2.IVpc, connectable: ec2.IConnectable, workload: IConstruct,
  description = 'HTTPS to the VPC endpoints only'): boolean {
  for (const securityGroup of connectable.connections.securityGroups) declareEgress(securityGroup);
  const egress = REGISTRY.get(vpc);
  if (egress) {
    egress(connectable, description);
    return true;
  }
  Annotations.of(workload).addWarningV2('cdk-hipaa:vpcEndpointEgressUnknown',
    `${workload.node.path} is in a VPC not made by HipaaVpc, so it gets no egress at all (not even to AWS endpoints). ` +
    'Add HTTPS egress rules to your VPC endpoints\' security group and the S3/DynamoDB prefix lists yourself, never to 0.0.0.0/0.');
  return false;
}
