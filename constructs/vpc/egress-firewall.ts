import { Names } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { HardenedFunction } from '../internal/hardened-function';
import { suppressHipaaAndNist } from '../../lib/compliance/suppress';
import { HipaaLogGroup } from '../log-group';
import { firewallEndpointsByZone } from './gateway-prefix-lists';
import { applyEgressPathAcl } from './network-acls';

/** Props of {@link EgressFirewall}. */
export interface EgressFirewallProps {
  readonly vpc: ec2.Vpc;
  /** The VPC's IPv4 CIDR (a literal). */
  readonly vpcCidr: string;
  /** Domains the private tier may reach over HTTPS (TLS SNI), already validated. */
  readonly domains: readonly string[];
  /** Key of the firewall's log groups. */
  readonly logKey: kms.IKey;
  /** The deploy-time resolver that maps the firewall's endpoints to their zones. */
  readonly resolver: HardenedFunction;
}

/**
 * The private tier's only way out when an egress allow-list is given:
 *
 *   private subnet ─0.0.0.0/0→ firewall endpoint (firewall subnet, same AZ)
 *     ─0.0.0.0/0→ NAT gateway (egress subnet) ─→ internet gateway
 *   and back: egress subnet ─private CIDR→ firewall endpoint (symmetric inspection).
 *
 * One firewall with an endpoint in every Availability Zone (each zone's routes
 * use its own zone's endpoint, matched by zone at deploy time), one policy: strict
 * rule order, a stateful domain-list rule group that passes TLS only to the
 * listed server names (SNI), and the default actions drop + alert on every
 * other established flow. Plain HTTP (HTTP_HOST) is deliberately not a target:
 * nothing leaves the VPC unencrypted (the security groups and network ACLs
 * admit only 443 outbound anyway). Alert and flow logs go to KMS-encrypted log
 * groups kept six years. The load-balancer tier keeps its own route table:
 * internet traffic to the ALBs never crosses the firewall.
 *
 * Architecture and rule semantics:
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-igw-ngw.html
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html (strict order, drop_established)
 */
export class EgressFirewall extends Construct {
  /** The firewall (an endpoint per Availability Zone). */
  public readonly firewall: networkfirewall.CfnFirewall;
  /** The shared firewall policy. */
  public readonly policy: networkfirewall.CfnFirewallPolicy;
  /** The domain allow-list rule group. */
  public readonly ruleGroup: networkfirewall.CfnRuleGroup;
  /** Alert log (dropped and alerted flows), encrypted, kept six years. */
  public readonly alertLogs: HipaaLogGroup;
  /** Flow log (every flow through the firewall), encrypted, kept six years. */
  public readonly flowLogs: HipaaLogGroup;

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    const { vpc, vpcCidr, domains } = props;
    this.ruleGroup = new networkfirewall.CfnRuleGroup(this, 'DomainAllowList', {
      ruleGroupName: `${this.baseName()}-domains`,
      type: 'STATEFUL',
      // A domain list costs one unit per domain and target type; headroom for edits without replacement.
      capacity: Math.max(100, domains.length * 2),
      description: 'cdk-hipaa: HTTPS (TLS SNI) only to the listed domains',
      ruleGroup: {
        rulesSource: { rulesSourceList: { generatedRulesType: 'ALLOWLIST', targetTypes: ['TLS_SNI'], targets: [...domains] } },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });

    this.policy = new networkfirewall.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: `${this.baseName()}-policy`,
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
        statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        statefulRuleGroupReferences: [{ resourceArn: this.ruleGroup.attrRuleGroupArn, priority: 1 }],
      },
    });

    this.alertLogs = new HipaaLogGroup(this, 'AlertLogs', { encryptionKey: props.logKey });
    this.flowLogs = new HipaaLogGroup(this, 'FlowLogs', { encryptionKey: props.logKey });

    const mask = Number(vpcCidr.split('/')[1]);
    const privateSubnets = vpc.privateSubnets;
    const zones = privateSubnets.map((subnet) => subnet.availabilityZone);
    const egressSubnets = zones.map((az, i) => new ec2.PublicSubnet(this, `EgressSubnet${i + 1}`, {
      vpcId: vpc.vpcId, availabilityZone: az, cidrBlock: carveSubnet(vpcCidr, mask, 8 + i), mapPublicIpOnLaunch: false,
    }));
    const firewallSubnets = zones.map((az, i) => new ec2.PrivateSubnet(this, `FirewallSubnet${i + 1}`, {
      vpcId: vpc.vpcId, availabilityZone: az, cidrBlock: carveSubnet(vpcCidr, mask, i), mapPublicIpOnLaunch: false,
    }));

    this.firewall = new networkfirewall.CfnFirewall(this, 'Firewall', {
      firewallName: this.baseName(),
      description: `cdk-hipaa: domain allow-list egress of ${vpc.node.path}`,
      vpcId: vpc.vpcId,
      firewallPolicyArn: this.policy.attrFirewallPolicyArn,
      subnetMappings: firewallSubnets.map((subnet) => ({ subnetId: subnet.subnetId })),
      deleteProtection: true,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: false,
    });
    new networkfirewall.CfnLoggingConfiguration(this, 'Logging', {
      firewallArn: this.firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: [
          { logType: 'ALERT', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: this.alertLogs.logGroup.logGroupName } },
          { logType: 'FLOW', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: this.flowLogs.logGroup.logGroupName } },
        ],
      },
    });
    const endpointIds = firewallEndpointsByZone(this, props.resolver, this.firewall.attrEndpointIds, zones);

    privateSubnets.forEach((privateSubnet, i) => {
      const egress = egressSubnets[i];
      egress.addDefaultInternetRoute(vpc.internetGatewayId!, vpc.internetConnectivityEstablished);
      suppressHipaaAndNist(egress, 'VPCNoUnrestrictedRouteToIGW', 'NAT subnet of the egress allow-list: it holds only a NAT gateway, reached only through ' +
        'the Network Firewall, which passes TLS to the listed domains only; no instance runs in it.');
      const nat = egress.addNatGateway();
      firewallSubnets[i].addDefaultNatRoute(nat.ref);
      new ec2.CfnRoute(this, `PrivateToFirewall${i + 1}`, {
        routeTableId: privateSubnet.routeTable.routeTableId, destinationCidrBlock: '0.0.0.0/0', vpcEndpointId: endpointIds[i],
      });
      new ec2.CfnRoute(this, `ReturnThroughFirewall${i + 1}`, {
        routeTableId: egress.routeTable.routeTableId, destinationCidrBlock: privateSubnet.ipv4CidrBlock, vpcEndpointId: endpointIds[i],
      });
      applyEgressPathAcl(this, vpc, `EgressAcl${i + 1}`, egress, vpcCidr);
      applyEgressPathAcl(this, vpc, `FirewallAcl${i + 1}`, firewallSubnets[i], vpcCidr);
    });
  }

  /** Names are unique per account and region: derived from the construct path, which includes the stack. */
  private baseName(): string {
    return Names.uniqueResourceName(this, { maxLength: 100, separator: '-' }).replace(/[^A-Za-z0-9-]/g, '');
  }
}

/**
 * The i-th /28 of the last sixteenth of the VPC's range. The three tiers of
 * HipaaVpc fill the range from its start (6/256 of it per AZ), so the last
 * sixteenth is free for up to 40 AZs; 16 /28s fit in it even for a /20 VPC.
 */
export function carveSubnet(vpcCidr: string, mask: number, index: number): string {
  const [base] = vpcCidr.split('/');
  const start = base.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - mask);
  const address = start + size - size / 16 + index * 16;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.')}/28`;
}
