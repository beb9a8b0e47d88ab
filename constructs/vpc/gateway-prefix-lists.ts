import * as path from 'path';
import { Aws, CustomResource, Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { HardenedFunction } from '../internal/hardened-function';

/** Ids of the AWS-managed prefix lists of the S3 and DynamoDB gateway endpoints in the stack's region. */
export interface GatewayPrefixListIds {
  /** `com.amazonaws.<region>.s3`, resolved at deploy time (a token at synth). */
  readonly s3: string;
  /** `com.amazonaws.<region>.dynamodb`, resolved at deploy time (a token at synth). */
  readonly dynamoDb: string;
}

/**
 * Resolves the gateway endpoints' prefix-list ids at deploy time with a custom
 * resource (EC2 DescribePrefixLists), so an environment-agnostic stack can
 * admit exactly those ranges in security groups without a context lookup.
 */
export function gatewayPrefixLists(scope: Construct, resolver: HardenedFunction): GatewayPrefixListIds {
  const resource = new CustomResource(scope, 'GatewayPrefixLists', {
    serviceToken: resolver.function.functionArn,
    resourceType: 'Custom::HipaaGatewayPrefixLists',
    properties: { Region: Aws.REGION },
  });
  return { s3: resource.getAttString('S3'), dynamoDb: resource.getAttString('DynamoDB') };
}

/**
 * The endpoint id of a multi-AZ firewall in each of `zones`, in order. The firewall's
 * EndpointIds attribute lists `<az>:<vpce-id>` in no documented order, so a route
 * cannot pick its zone's endpoint with Fn::Select; the resolver matches them by zone
 * at deploy time (no AWS call).
 */
export function firewallEndpointsByZone(scope: Construct, resolver: HardenedFunction, endpointIds: string[], zones: string[]): string[] {
  const resource = new CustomResource(scope, 'FirewallEndpoints', {
    serviceToken: resolver.function.functionArn,
    resourceType: 'Custom::HipaaFirewallEndpoints',
    properties: { Region: Aws.REGION, EndpointIds: endpointIds, AvailabilityZones: zones },
  });
  return zones.map((_, i) => resource.getAttString(`Endpoint${i}`));
}

/** The deploy-time resolver of network facts (gateway prefix lists, firewall endpoints by zone). */
export function networkFactsResolver(scope: Construct, key: kms.IKey): HardenedFunction {
  return new HardenedFunction(scope, 'PrefixListResolver', {
    entry: path.join(__dirname, 'prefix-list-handler'),
    description: 'cdk-hipaa: resolve the S3 and DynamoDB gateway endpoint prefix-list ids of this region',
    encryptionKey: key,
    timeout: Duration.seconds(30),
    outsideVpcReason: 'Runs only during deployment and calls only the EC2 DescribePrefixLists API; it must answer before the VPC\'s security groups can reach the endpoints.',
    invocationReason: 'Invoked only by CloudFormation during deployment, which waits for its answer and fails the deployment visibly on error.',
    accountLevelActions: {
      actions: ['ec2:DescribePrefixLists'],
      reason: 'ec2:DescribePrefixLists is a read-only Describe action that supports no resource-level permissions.',
    },
  });
}
