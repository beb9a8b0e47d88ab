import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { suppress } from '../lib/compliance/suppress';
import { HipaaLogGroup } from './log-group';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { applyTierNetworkAcls } from './vpc/network-acls';
import { SUBNET_TIERS } from './vpc/tiers';
import { HipaaValidationError } from '../lib/errors';

export { SUBNET_TIERS };

/** Interface endpoints a HipaaVpc creates unless told otherwise. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly ec2.InterfaceVpcEndpointAwsService[] = [
  ec2.InterfaceVpcEndpointAwsService.KMS,
  ec2.InterfaceVpcEndpointAwsService.SSM,
  ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
  ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
];

/** Props of {@link HipaaVpc}. */
export interface HipaaVpcProps {
  /**
   * Number of Availability Zones, at least 2.
   * @default 2
   */
  readonly maxAzs?: number;
  /**
   * IPv4 CIDR of the VPC, /16 to /20.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * NAT gateways for the private tier's egress, 1 to `maxAzs`. One per AZ survives an AZ outage.
   * @default - one per Availability Zone
   */
  readonly natGateways?: number;
  /**
   * Tenancy of instances launched into the VPC. `DEDICATED` forces every instance onto
   * single-tenant hardware (EMR needs it at the VPC level), but Lambda functions cannot
   * run in a dedicated-tenancy VPC, so keep the main VPC `DEFAULT` and set dedicated
   * tenancy per launch template (HipaaAutoScalingGroup does).
   * @default ec2.DefaultInstanceTenancy.DEFAULT
   */
  readonly instanceTenancy?: ec2.DefaultInstanceTenancy;
  /**
   * Key that encrypts the flow log group.
   * @default - a new HipaaKey
   */
  readonly flowLogKey?: kms.IKey;
  /**
   * Retention of the flow logs, six years or longer.
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly flowLogRetention?: logs.RetentionDays;
  /**
   * Interface endpoints (private DNS on) in the private tier, so instances reach these
   * services without the internet.
   * @default DEFAULT_INTERFACE_ENDPOINTS (KMS, SSM, SSM messages, EC2 messages, CloudWatch Logs, Secrets Manager)
   */
  readonly interfaceEndpoints?: readonly ec2.InterfaceVpcEndpointAwsService[];
  /**
   * Ports the data tier accepts from the private tier (its network ACL).
   * @default [5432, 3306] (PostgreSQL, MySQL)
   */
  readonly databasePorts?: readonly number[];
}

/**
 * A VPC with three tiers: public (load balancers and NAT only, no public IPs on
 * launch), private with egress (web and app instances), isolated (databases);
 * flow logs of ALL traffic to a KMS-encrypted log group kept six years; network
 * ACLs per tier; the default security group without rules; gateway endpoints
 * for S3 and DynamoDB and interface endpoints for the control-plane services.
 * §164.312(e)(1), (b).
 */
export class HipaaVpc extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The encrypted log group receiving the flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The flow log (ALL traffic of the VPC). */
  public readonly flowLog: ec2.CfnFlowLog;
  /** Security group of the interface endpoints: HTTPS from inside the VPC only. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: HipaaVpcProps = {}) {
    super(scope, id);
    const maxAzs = props.maxAzs ?? 2;
    if (!Number.isInteger(maxAzs) || maxAzs < 2) {
      throw new HipaaValidationError(this, 'maxAzs', 'OUT_OF_RANGE', `maxAzs is ${maxAzs}; use at least 2 so every tier survives the loss of one Availability Zone.`);
    }
    const natGateways = props.natGateways ?? maxAzs;
    if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > maxAzs) {
      throw new HipaaValidationError(this, 'natGateways', 'OUT_OF_RANGE', `natGateways is ${natGateways}; use 1 to ${maxAzs} (the private tier needs egress, at most one per AZ).`);
    }
    const cidr = props.cidr ?? '10.0.0.0/16';
    const mask = Number(cidr.split('/')[1]);
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || mask < 16 || mask > 20) {
      throw new HipaaValidationError(this, 'cidr', 'INVALID_VALUE', `cidr '${cidr}' must be an IPv4 block from /16 to /20 (three tiers of subnets per AZ must fit), e.g. '10.0.0.0/16'.`);
    }
    const databasePorts = props.databasePorts ?? [5432, 3306];
    for (const port of databasePorts) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new HipaaValidationError(this, 'databasePorts', 'OUT_OF_RANGE', `databasePorts has ${port}; use TCP ports from 1 to 65535.`);
      }
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways,
      defaultInstanceTenancy: props.instanceTenancy ?? ec2.DefaultInstanceTenancy.DEFAULT,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: SUBNET_TIERS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: mask + 8, mapPublicIpOnLaunch: false },
        { name: SUBNET_TIERS.private, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: mask + 6 },
        { name: SUBNET_TIERS.isolated, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: mask + 8 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });

    const flowLogs = new HipaaLogGroup(this, 'FlowLogs', { encryptionKey: props.flowLogKey, retention: props.flowLogRetention });
    this.flowLogGroup = flowLogs.logGroup;
    this.flowLog = new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.vpcId,
      resourceType: 'VPC',
      trafficType: ec2.FlowLogTrafficType.ALL,
      logDestinationType: 'cloud-watch-logs',
      logGroupName: this.flowLogGroup.logGroupName,
      deliverLogsPermissionArn: flowLogDeliveryRole(this, this.flowLogGroup).roleArn,
    });

    // A literal CIDR (not the VPC's CidrBlock attribute) so the packs can judge the rule.
    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const service of props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
      this.vpc.addInterfaceEndpoint(`${service.shortName.replace(/[^A-Za-z0-9]/g, '')}Endpoint`, {
        service,
        privateDnsEnabled: true,
        subnets: this.privateSubnets(),
        securityGroups: [this.endpointSecurityGroup],
        open: false,
      });
    }

    applyTierNetworkAcls(this, this.vpc, cidr, databasePorts);

    // aws-cdk-lib's provider that strips the default security group's rules: a Lambda that only calls the EC2 API.
    const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (provider) {
      HipaaPermissionsBoundary.applyTo(provider); // its role, like every role the library creates
      suppress(provider, 'ControlTower-CT.LAMBDA.PR.3', 'aws-cdk-lib\'s provider that removes the default security group\'s rules at deployment; ' +
        'it calls only the EC2 API and must run outside the VPC it changes (which may have dedicated tenancy).');
    }
    for (const subnet of this.vpc.publicSubnets) {
      for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
        suppress(subnet, `${pack}-VPCNoUnrestrictedRouteToIGW`,
          'Public tier by design: it holds only internet-facing load balancers (behind WAF) and NAT gateways; instances and data stores sit in private and isolated subnets with no route to the internet gateway.');
      }
    }
  }

  /** Subnets of the public tier (load balancers, NAT gateways). */
  public publicSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SUBNET_TIERS.public };
  }

  /** Subnets of the private tier (web and app instances), egress through NAT. */
  public privateSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SUBNET_TIERS.private };
  }

  /** Subnets of the isolated tier (databases), no route out of the VPC. */
  public isolatedSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SUBNET_TIERS.isolated };
  }
}

/**
 * The role VPC Flow Logs assumes: trusted only for flow logs of this account
 * (confused-deputy conditions), allowed to write only to the one log group,
 * through a customer-managed policy (no inline policy).
 */
function flowLogDeliveryRole(scope: Construct, logGroup: logs.ILogGroup): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'FlowLogRole', {
    description: 'VPC Flow Logs delivery to its encrypted log group',
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
      },
    }),
  });
  HipaaPermissionsBoundary.applyTo(role);
  new iam.ManagedPolicy(scope, 'FlowLogPolicy', {
    description: 'Write VPC flow logs to one log group',
    roles: [role],
    statements: [new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup.logGroupArn],
    })],
  });
  return role;
}
