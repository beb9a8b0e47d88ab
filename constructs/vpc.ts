import { Stack, Token } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { suppress, suppressHipaaAndNist } from '../lib/compliance/suppress';
import { HipaaLogGroup } from './log-group';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { EgressFirewall } from './vpc/egress-firewall';
import { allowVpcEndpointEgress, declareEgress, registerEndpointEgress } from './vpc/egress';
import { defaultEndpointStatements, EndpointPolicyScope, s3EndpointStatements, ssmEndpointStatements } from './vpc/endpoint-policies';
import { gatewayPrefixLists, GatewayPrefixListIds, networkFactsResolver } from './vpc/gateway-prefix-lists';
import { requireInterfaceEndpoints } from './vpc/endpoint-rules';
import { applyTierNetworkAcls } from './vpc/network-acls';
import { SUBNET_TIERS } from './vpc/tiers';
import { registerDataTierPorts } from './vpc/data-tier-ports';
import { HipaaValidationError } from '../lib/errors';
import { customerManagedKey, hasMembers, list, logRetention, num, oneOf, PropChecks, str, validateProps } from './validation';

export { SUBNET_TIERS, allowVpcEndpointEgress, declareEgress };
export type { EgressFirewall, GatewayPrefixListIds };

/** Interface endpoints a HipaaVpc creates unless told otherwise. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly ec2.InterfaceVpcEndpointAwsService[] = [
  ec2.InterfaceVpcEndpointAwsService.KMS,
  ec2.InterfaceVpcEndpointAwsService.SSM,
  ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
  ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  // The CloudWatch agent publishes its memory and disk metrics with PutMetricData on the
  // monitoring endpoint; without a NAT gateway that needs an endpoint of its own:
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-interface-VPC.html
  ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
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
   * NAT gateways in the public tier for the private tier, 0 to `maxAzs` (opt-in). The
   * private tier reaches AWS through the VPC endpoints without them, and the security
   * groups the library makes open no egress to the internet either way: NAT alone gives
   * PHI tiers no path out. To reach outside services, prefer `egressAllowList`.
   * @default 0 - no route to the internet from the private tier
   */
  readonly natGateways?: number;
  /**
   * Domains (TLS server names) the private tier may reach over HTTPS, e.g.
   * `['api.partner.example', '.updates.vendor.example']` (a leading dot admits the
   * subdomains). Routes the private tier through AWS Network Firewall: a stateful
   * domain-list rule group passes TLS to these names only and every other flow is
   * dropped and logged (alert and flow logs, KMS-encrypted, six years). Workloads
   * opt in with {@link HipaaVpc.allowAllowListedEgress}. Costs an endpoint per AZ
   * (see the README's Network Firewall cost).
   * @default - no firewall, no route to the internet from the private tier
   */
  readonly egressAllowList?: readonly string[];
  /**
   * AWS Organization id (`o-...`). The endpoint policies then admit principals and
   * resources of the whole organization instead of this account only.
   * @default - this account only
   */
  readonly organizationId?: string;
  /**
   * Tenancy of instances launched into the VPC. `DEDICATED` forces every instance onto
   * single-tenant hardware (EMR needs it at the VPC level), but Lambda functions cannot
   * run in a dedicated-tenancy VPC, so keep the main VPC `DEFAULT` and set dedicated
   * tenancy per launch template (HipaaAutoScalingGroup does).
   * @default ec2.DefaultInstanceTenancy.DEFAULT
   */
  readonly instanceTenancy?: ec2.DefaultInstanceTenancy;
  /**
   * Key that encrypts the VPC's own log data (the flow log group), named like every other
   * construct's key prop.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Key that encrypts the flow log group.
   * @deprecated use `encryptionKey` (same meaning; this name stays so existing apps keep working)
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
   * @default DEFAULT_INTERFACE_ENDPOINTS (KMS, SSM, SSM messages, EC2 messages, CloudWatch Logs, CloudWatch monitoring, Secrets Manager)
   */
  readonly interfaceEndpoints?: readonly ec2.InterfaceVpcEndpointAwsService[];
  /**
   * Ports the data tier accepts from the private tier (its network ACL).
   * @default [5432, 3306] (PostgreSQL, MySQL)
   */
  readonly databasePorts?: readonly number[];
}

/** Every prop's type and AWS limit; the CIDR, NAT and allow-list rules follow in the constructor. */
const PROP_CHECKS: Partial<PropChecks<HipaaVpcProps>> = {
  // Whole-number ranges of maxAzs and natGateways are judged below, with why.
  maxAzs: num(),
  cidr: str({ literalBecause: 'the network ACLs and the endpoint security group are built from it' }),
  natGateways: num(),
  egressAllowList: list(str(), { what: 'domain names' }),
  organizationId: str({ literalBecause: 'the endpoint policies name the organization' }),
  instanceTenancy: oneOf(Object.values(ec2.DefaultInstanceTenancy), 'ec2.DefaultInstanceTenancy.DEFAULT or ec2.DefaultInstanceTenancy.DEDICATED'),
  encryptionKey: customerManagedKey(),
  flowLogKey: customerManagedKey(),
  flowLogRetention: logRetention(),
  interfaceEndpoints: list(hasMembers('an ec2.InterfaceVpcEndpointAwsService, e.g. ec2.InterfaceVpcEndpointAwsService.KMS (not the string \'kms\')', 'shortName', 'name'),
    { what: 'ec2.InterfaceVpcEndpointAwsService values' }),
  databasePorts: list(num({ integer: true, min: 1, max: 65535 }), { minItems: 1, what: 'TCP ports' }),
};

/**
 * A VPC with three tiers: public (load balancers only, no public IPs on
 * launch), private (web and app instances), isolated (databases); flow logs of
 * ALL traffic to a KMS-encrypted log group kept six years; network ACLs per
 * tier; the default security group without rules; gateway endpoints for S3 and
 * DynamoDB and interface endpoints for the control-plane services, each with an
 * endpoint policy that admits only this account's (or organization's)
 * principals and resources. The private tier has no route to the internet
 * unless NAT is opted into or an egress allow-list routes it through AWS
 * Network Firewall. §164.312(e)(1), (b).
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
  /** The S3 and DynamoDB gateway endpoints. */
  public readonly gatewayEndpoints: { readonly s3: ec2.GatewayVpcEndpoint; readonly dynamoDb: ec2.GatewayVpcEndpoint };
  /** The interface endpoints, by service short name (e.g. `kms`). */
  public readonly interfaceEndpoints: Readonly<Record<string, ec2.InterfaceVpcEndpoint>>;
  /** Ids of the gateway endpoints' managed prefix lists (resolved at deploy time). */
  public readonly gatewayPrefixListIds: GatewayPrefixListIds;
  /** The Network Firewall egress path, when `egressAllowList` is given. */
  public readonly egressFirewall?: EgressFirewall;
  /** The domains of `egressAllowList`. */
  public readonly egressAllowList: readonly string[];
  /** Ports the data tier's network ACL admits from the private tier (`databasePorts`). */
  public readonly databasePorts: readonly number[];

  constructor(scope: Construct, id: string, props: HipaaVpcProps = {}) {
    super(scope, id);
    validateProps(this, props, PROP_CHECKS);
    const maxAzs = props.maxAzs ?? 2;
    if (!Number.isInteger(maxAzs) || maxAzs < 2) {
      throw new HipaaValidationError(this, 'maxAzs', 'OUT_OF_RANGE', `maxAzs is ${maxAzs}; use at least 2 so every tier survives the loss of one Availability Zone.`);
    }
    const natGateways = props.natGateways ?? 0;
    if (!Number.isInteger(natGateways) || natGateways < 0 || natGateways > maxAzs) {
      throw new HipaaValidationError(this, 'natGateways', 'OUT_OF_RANGE', `natGateways is ${natGateways}; use 0 (the default: no internet route) to ${maxAzs} (one per AZ).`);
    }
    this.egressAllowList = validateAllowList(this, props.egressAllowList, natGateways, maxAzs);
    if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new HipaaValidationError(this, 'organizationId', 'INVALID_VALUE', `organizationId '${props.organizationId}' is not an AWS Organizations id; use the 'o-' id of your organization, or omit it to admit this account only.`);
    }
    const policyScope: EndpointPolicyScope = { organizationId: props.organizationId };
    const cidr = props.cidr ?? '10.0.0.0/16';
    const mask = Number(cidr.split('/')[1]);
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || mask < 16 || mask > 20) {
      throw new HipaaValidationError(this, 'cidr', 'INVALID_VALUE', `cidr '${cidr}' must be an IPv4 block from /16 to /20 (three tiers of subnets per AZ must fit), e.g. '10.0.0.0/16'.`);
    }
    requireNetworkAddress(this, cidr, mask);
    const databasePorts = props.databasePorts ?? [5432, 3306];
    this.databasePorts = [...databasePorts];
    for (const port of databasePorts) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new HipaaValidationError(this, 'databasePorts', 'OUT_OF_RANGE', `databasePorts has ${port}; use TCP ports from 1 to 65535.`);
      }
    }

    keepLiteralAzCheck(this);
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
    });
    this.gatewayEndpoints = {
      s3: this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 }),
      dynamoDb: this.vpc.addGatewayEndpoint('DynamoDB', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB }),
    };
    for (const statement of s3EndpointStatements(this, policyScope)) this.gatewayEndpoints.s3.addToPolicy(statement);
    for (const statement of defaultEndpointStatements(this, policyScope)) this.gatewayEndpoints.dynamoDb.addToPolicy(statement);

    if (props.encryptionKey && props.flowLogKey && props.encryptionKey !== props.flowLogKey) {
      throw new HipaaValidationError(this, 'flowLogKey', 'INCONSISTENT', 'flowLogKey and encryptionKey are both set to different keys; ' +
        'flowLogKey is the deprecated name of encryptionKey: set only encryptionKey.');
    }
    const flowLogs = new HipaaLogGroup(this, 'FlowLogs', { encryptionKey: props.encryptionKey ?? props.flowLogKey, retention: props.flowLogRetention });
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
    const interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
    for (const service of requireInterfaceEndpoints(this, props.interfaceEndpoints, DEFAULT_INTERFACE_ENDPOINTS)) {
      const endpoint = this.vpc.addInterfaceEndpoint(`${service.shortName.replace(/[^A-Za-z0-9]/g, '')}Endpoint`, {
        service,
        privateDnsEnabled: true,
        subnets: this.privateSubnets(),
        securityGroups: [this.endpointSecurityGroup],
        open: false,
      });
      const statements = service.shortName === 'ssm' ? ssmEndpointStatements(this, policyScope) : defaultEndpointStatements(this, policyScope);
      for (const statement of statements) endpoint.addToPolicy(statement);
      interfaceEndpoints[service.shortName] = endpoint;
    }
    this.interfaceEndpoints = interfaceEndpoints;

    const resolver = networkFactsResolver(this, flowLogs.key);
    this.gatewayPrefixListIds = gatewayPrefixLists(this, resolver);
    registerEndpointEgress(this.vpc, (connectable, description) => this.allowEndpointEgress(connectable, description));

    applyTierNetworkAcls(this, this.vpc, cidr, databasePorts);
    registerDataTierPorts(this.vpc, databasePorts);
    if (this.egressAllowList.length > 0) {
      this.egressFirewall = new EgressFirewall(this, 'EgressFirewall', { vpc: this.vpc, vpcCidr: cidr, domains: this.egressAllowList, logKey: flowLogs.key, resolver });
    }

    // aws-cdk-lib's provider that strips the default security group's rules: a Lambda that only calls the EC2 API.
    const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (provider) {
      HipaaPermissionsBoundary.applyTo(provider); // its role, like every role the library creates
      suppress(provider, 'ControlTower-CT.LAMBDA.PR.3', 'aws-cdk-lib\'s provider that removes the default security group\'s rules at deployment; ' +
        'it calls only the EC2 API and must run outside the VPC it changes (which may have dedicated tenancy).');
    }
    for (const subnet of this.vpc.publicSubnets) {
      suppressHipaaAndNist(subnet, 'VPCNoUnrestrictedRouteToIGW',
        'Public tier by design: it holds only internet-facing load balancers (behind WAF) and NAT gateways; instances and data stores sit in private and isolated subnets with no route to the internet gateway.');
    }
  }

  /**
   * HTTPS egress from `connectable` to this VPC's endpoints and nothing else: the S3 and
   * DynamoDB gateway endpoints' prefix lists and the interface endpoints' security group.
   * The library's constructs call it (through {@link allowVpcEndpointEgress}); call it for
   * your own security groups in the private tier.
   */
  public allowEndpointEgress(connectable: ec2.IConnectable, description = 'HTTPS to the VPC endpoints only'): void {
    for (const securityGroup of connectable.connections.securityGroups) {
      declareEgress(securityGroup);
      securityGroup.addEgressRule(ec2.Peer.prefixList(this.gatewayPrefixListIds.s3), ec2.Port.tcp(443), `${description} (S3 gateway endpoint)`);
      securityGroup.addEgressRule(ec2.Peer.prefixList(this.gatewayPrefixListIds.dynamoDb), ec2.Port.tcp(443), `${description} (DynamoDB gateway endpoint)`);
      securityGroup.addEgressRule(this.endpointSecurityGroup, ec2.Port.tcp(443), `${description} (interface endpoints)`);
    }
  }

  /**
   * HTTPS egress from `connectable` to the internet, which leaves the VPC only through
   * the Network Firewall's domain allow-list (`egressAllowList`); every other flow is
   * dropped and logged. Each security group gets an acknowledgement of the
   * `HipaaGap-PhiTierInternetEgress` finding that names the allowed domains.
   */
  public allowAllowListedEgress(connectable: ec2.IConnectable): void {
    if (!this.egressFirewall) {
      throw new HipaaValidationError(this, 'egressAllowList', 'INCONSISTENT', 'egressAllowList is empty; allowAllowListedEgress needs the Network Firewall path. ' +
        'Give HipaaVpc an egressAllowList of the domains the workload must reach.');
    }
    for (const securityGroup of connectable.connections.securityGroups) {
      securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS out through the Network Firewall domain allow-list');
      suppress(securityGroup, 'HipaaGap-PhiTierInternetEgress', 'HTTPS to 0.0.0.0/0 leaves the VPC only through AWS Network Firewall, which passes TLS ' +
        `only to ${this.egressAllowList.join(', ')} (SNI) and drops and logs every other flow.`);
    }
  }

  /** Subnets of the public tier (load balancers; NAT gateways when opted in). */
  public publicSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SUBNET_TIERS.public };
  }

  /** Subnets of the private tier (web and app instances): endpoints only, or the firewall path. */
  public privateSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SUBNET_TIERS.private };
  }

  /** Subnets of the isolated tier (databases), no route out of the VPC. */
  public isolatedSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SUBNET_TIERS.isolated };
  }
}

/**
 * aws-cdk-lib acknowledges CloudFormation Validate's W3010 ("literal Availability Zones limit portability") on a
 * stack the first time anything reads `stack.availabilityZones`, whatever that returns. In a stack without a
 * concrete account and region (and without the AZ fallback context) it returns `Fn::Select` of `Fn::GetAZs`, so
 * the template names no zone literally and the acknowledgement covers nothing. Marking the warning as handled
 * (aws-cdk-lib's own private flag, pinned version; test/constructs/vpc.test.ts fails if an upgrade renames it)
 * before ec2.Vpc reads the zones keeps W3010 live: the gate fails if a literal zone ever appears. With a concrete
 * environment the zones are literal, from context, and aws-cdk-lib's acknowledgement stands.
 */
function keepLiteralAzCheck(scope: Construct): void {
  const stack = Stack.of(scope);
  const agnostic = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region);
  if (!agnostic || scope.node.tryGetContext(cxapi.AVAILABILITY_ZONE_FALLBACK_CONTEXT_KEY) !== undefined) return;
  const flags = stack as unknown as { azLiteralWarningSilenced?: boolean };
  flags.azLiteralWarningSilenced = true;
}

/** A domain name as Network Firewall's domain lists take it: optional leading dot, no scheme, port, path or wildcard. */
const DOMAIN = /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function validateAllowList(scope: Construct, list: readonly string[] | undefined, natGateways: number, maxAzs: number): readonly string[] {
  if (list === undefined) return [];
  if (list.length === 0) {
    throw new HipaaValidationError(scope, 'egressAllowList', 'INVALID_VALUE', 'egressAllowList is []; list the domains the private tier must reach, or omit the prop (no internet path).');
  }
  for (const domain of list) {
    if (typeof domain !== 'string' || !DOMAIN.test(domain)) {
      throw new HipaaValidationError(scope, 'egressAllowList', 'INVALID_VALUE', `egressAllowList has '${domain}'; use a lower-case domain name such as ` +
        '\'api.partner.example\' (or \'.partner.example\' for its subdomains), without scheme, port, path or \'*\'.');
    }
  }
  if (new Set(list).size !== list.length) {
    throw new HipaaValidationError(scope, 'egressAllowList', 'INVALID_VALUE', `egressAllowList has duplicates (${list.join(', ')}); list each domain once.`);
  }
  if (natGateways > 0) {
    throw new HipaaValidationError(scope, 'natGateways', 'INCONSISTENT', `natGateways is ${natGateways} with an egressAllowList; the allow-list brings its own NAT ` +
      'gateways behind the firewall. Remove natGateways.');
  }
  if (maxAzs > 8) {
    throw new HipaaValidationError(scope, 'maxAzs', 'OUT_OF_RANGE', `maxAzs is ${maxAzs} with an egressAllowList; the firewall and NAT subnets fit up to 8 Availability Zones.`);
  }
  return [...list];
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

/**
 * The CIDR must be the network address of its block: '10.0.0.1/16' would give
 * the VPC one block while the network ACLs and the endpoint security group,
 * built from the string, name another.
 */
function requireNetworkAddress(scope: Construct, cidr: string, mask: number): void {
  const octets = cidr.split('/')[0].split('.').map(Number);
  if (octets.some((o) => o > 255)) {
    throw new HipaaValidationError(scope, 'cidr', 'INVALID_VALUE', `cidr is '${cidr}'; each part of an IPv4 address is 0 to 255, e.g. '10.0.0.0/16'.`);
  }
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const network = address - (address % 2 ** (32 - mask));
  if (network !== address) {
    const fixed = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    throw new HipaaValidationError(scope, 'cidr', 'INCONSISTENT', `cidr is '${cidr}', which is not the network address of its /${mask} block; ` +
      `the VPC, its network ACLs and the endpoint security group must name the same block. Use '${fixed}/${mask}'.`);
  }
}
