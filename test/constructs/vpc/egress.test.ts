import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { allowVpcEndpointEgress, DEFAULT_INTERFACE_ENDPOINTS, HipaaVpc } from '../../../lib';
import { carveSubnet } from '../../../constructs/vpc/egress-firewall';
import { testStack } from '../../helpers';

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.toJSON().Resources as Record<string, any>).filter(([, r]) => r.Type === type);

describe('HipaaVpc endpoint policies and endpoint egress', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const workload = new ec2.SecurityGroup(stack, 'Workload', { vpc: net.vpc, allowAllOutbound: false });
  expect(allowVpcEndpointEgress(net.vpc, workload, workload)).toBe(true);
  const template = Template.fromStack(stack);
  const endpoints = resourcesOf(template, 'AWS::EC2::VPCEndpoint');
  const own = {
    Sid: 'OwnPrincipalsOnOwnResources', Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' }, 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } } },
  };

  test('every endpoint (2 gateway + the default interface endpoints) admits only this account\'s principals on this account\'s resources', () => {
    expect(endpoints).toHaveLength(2 + DEFAULT_INTERFACE_ENDPOINTS.length);
    for (const [, endpoint] of endpoints) {
      expect(endpoint.Properties.PolicyDocument.Statement).toContainEqual(own);
    }
  });

  test('the S3 endpoint also lets own principals read the AWS-owned package buckets (AL2023, EMR, SSM Agent), GetObject only', () => {
    const s3 = endpoints.find(([, e]) => JSON.stringify(e.Properties.ServiceName).includes('.s3'))![1];
    const statement = s3.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'OwnPrincipalsReadAwsOwnedPackages');
    expect(statement).toMatchObject({ Action: 's3:GetObject', Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } } });
    const arns = JSON.stringify(statement.Resource);
    for (const bucket of ['al2023-repos-', '-de612dc2/*', 'repo.', '.emr.amazonaws.com/*', 'aws-ssm-', 'amazon-ssm-packages-', '-birdwatcher-prod/*', 'patch-baseline-snapshot-']) {
      expect(arns).toContain(bucket);
    }
    expect(s3.Properties.PolicyDocument.Statement).toHaveLength(2);
  });

  test('the SSM endpoint also lets own principals read AWS-owned documents and /aws/ parameters', () => {
    const ssm = endpoints.find(([, e]) => JSON.stringify(e.Properties.ServiceName).endsWith('.ssm"]]}'))![1];
    expect(ssm.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
      Sid: 'OwnPrincipalsReadAwsOwnedDocuments', Action: expect.arrayContaining(['ssm:GetDocument']),
    }));
  });

  test('the gateway prefix lists are resolved at deploy time by a custom resource calling DescribePrefixLists', () => {
    template.hasResourceProperties('Custom::HipaaGatewayPrefixLists', { Region: { Ref: 'AWS::Region' } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ec2:DescribePrefixLists']), Resource: '*' })]) },
    });
  });

  test('a workload gets HTTPS egress to the two prefix lists and the endpoint group, and a rule that keeps the default allow-all revoked', () => {
    const id = stack.getLogicalId(workload.node.defaultChild as ec2.CfnSecurityGroup);
    const egress = resourcesOf(template, 'AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties).filter((p) => p.GroupId['Fn::GetAtt'][0] === id);
    expect(egress.map((p) => [p.FromPort, p.ToPort, p.IpProtocol])).toEqual([[443, 443, 'tcp'], [443, 443, 'tcp'], [443, 443, 'tcp']]);
    expect(egress.filter((p) => p.DestinationPrefixListId).map((p) => p.DestinationPrefixListId['Fn::GetAtt'][1]).sort()).toEqual(['DynamoDB', 'S3']);
    expect(egress.filter((p) => p.DestinationSecurityGroupId)).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Workload'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 87 })],
    });
  });

  test('no security group of the VPC sends to 0.0.0.0/0', () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"CidrIp":"0\.0\.0\.0\/0","Description":"[^"]*","(FromPort|IpProtocol)/);
  });

  test('an organization id scopes the policies to the organization', () => {
    const orgStack = testStack('Org');
    new HipaaVpc(orgStack, 'Net', { organizationId: 'o-a1b2c3d4e5' });
    Template.fromStack(orgStack).allResourcesProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } })]) },
    });
  });

  test('a VPC not made by HipaaVpc: no egress at all, and a warning saying why', () => {
    const other = testStack('Other');
    const vpc = new ec2.Vpc(other, 'Plain', { natGateways: 0 });
    const sg = new ec2.SecurityGroup(other, 'Sg', { vpc, allowAllOutbound: false });
    expect(allowVpcEndpointEgress(vpc, sg, sg)).toBe(false);
    expect(sg.node.findAll().filter((c) => c instanceof ec2.CfnSecurityGroupEgress)).toEqual([]);
    expect(other.resolve((sg.node.defaultChild as ec2.CfnSecurityGroup).securityGroupEgress)).toEqual([
      expect.objectContaining({ cidrIp: '255.255.255.255/32', ipProtocol: 'icmp', fromPort: 252, toPort: 87 }),
    ]);
    // A warning, which fails a strict synth until the owner adds their own endpoint rules or acknowledges it.
    expect(sg.node.metadata.some((m) => m.type === 'aws:cdk:warning' && String(m.data).includes('not made by HipaaVpc'))).toBe(true);
  });
});

describe('HipaaVpc egressAllowList (Network Firewall)', () => {
  const stack = testStack('Fw');
  const net = new HipaaVpc(stack, 'Net', { egressAllowList: ['api.partner.example', '.updates.vendor.example'] });
  const app = new ec2.SecurityGroup(stack, 'App', { vpc: net.vpc, allowAllOutbound: false });
  net.allowAllowListedEgress(app);
  const template = Template.fromStack(stack);
  const routes = resourcesOf(template, 'AWS::EC2::Route').map(([, r]) => r.Properties);

  test('a stateful domain list passes TLS (SNI) to the listed domains only; plain HTTP is no target', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      Type: 'STATEFUL',
      RuleGroup: {
        RulesSource: { RulesSourceList: { GeneratedRulesType: 'ALLOWLIST', TargetTypes: ['TLS_SNI'], Targets: ['api.partner.example', '.updates.vendor.example'] } },
        StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
      },
    });
  });

  test('the policy forwards everything to the stateful engine and drops (and alerts on) every other established flow', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'], StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        StatefulRuleGroupReferences: [Match.objectLike({ Priority: 1 })],
      },
    });
  });

  test('one firewall with an endpoint in each AZ, delete-protected, logging alerts and flows to encrypted six-year log groups', () => {
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 1);
    template.hasResourceProperties('AWS::NetworkFirewall::Firewall', { DeleteProtection: true, SubnetChangeProtection: true, SubnetMappings: [Match.anyValue(), Match.anyValue()] });
    template.resourceCountIs('AWS::NetworkFirewall::LoggingConfiguration', 1);
    template.allResourcesProperties('AWS::NetworkFirewall::LoggingConfiguration', {
      LoggingConfiguration: { LogDestinationConfigs: [
        Match.objectLike({ LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs' }),
        Match.objectLike({ LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs' }),
      ] },
    });
    for (const group of [net.egressFirewall!.alertLogs, net.egressFirewall!.flowLogs]) {
      const props = template.toJSON().Resources[stack.getLogicalId(group.logGroup.node.defaultChild as any)].Properties;
      expect(props.RetentionInDays).toBe(2192);
      expect(props.KmsKeyId).toBeDefined();
    }
  });

  test('private tier → firewall endpoint → NAT (egress subnet) → internet gateway, and the return path through the firewall', () => {
    const privateTables = net.vpc.privateSubnets.map((s) => stack.resolve(s.routeTable.routeTableId).Ref);
    for (const table of privateTables) {
      const out = routes.filter((r) => r.RouteTableId.Ref === table);
      expect(out).toHaveLength(1);
      expect(out[0].DestinationCidrBlock).toBe('0.0.0.0/0');
    }
    // Each zone's routes use that zone's endpoint, matched by zone at deploy time.
    const endpointsOf = privateTables.map((table) => routes.find((r) => r.RouteTableId.Ref === table)!.VpcEndpointId['Fn::GetAtt'][1]);
    expect(endpointsOf).toEqual(['Endpoint0', 'Endpoint1']);
    template.hasResourceProperties('Custom::HipaaFirewallEndpoints', {
      EndpointIds: { 'Fn::GetAtt': [Match.stringLikeRegexp('Firewall'), 'EndpointIds'] },
      AvailabilityZones: net.vpc.privateSubnets.map((s) => stack.resolve(s.availabilityZone)),
    });
    expect(routes.filter((r) => r.NatGatewayId)).toHaveLength(2);
    expect(routes.filter((r) => r.VpcEndpointId && r.DestinationCidrBlock !== '0.0.0.0/0').map((r) => r.DestinationCidrBlock).sort())
      .toEqual(net.vpc.privateSubnets.map((s) => s.ipv4CidrBlock).sort());
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('the firewall and NAT subnets sit in the last sixteenth of the range, apart from the three tiers, with their own NACLs', () => {
    const cidrs = resourcesOf(template, 'AWS::EC2::Subnet').map(([, r]) => r.Properties.CidrBlock);
    expect(cidrs).toEqual(expect.arrayContaining(['10.0.240.0/28', '10.0.240.16/28', '10.0.240.128/28', '10.0.240.144/28']));
    expect(new Set(cidrs).size).toBe(10);
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 10);
    expect(carveSubnet('10.8.0.0/20', 20, 9)).toBe('10.8.15.144/28');
  });

  test('the load-balancer tier keeps its direct internet route (no ALB traffic crosses the firewall)', () => {
    for (const subnet of net.vpc.publicSubnets) {
      const table = stack.resolve(subnet.routeTable.routeTableId).Ref;
      expect(routes.filter((r) => r.RouteTableId.Ref === table).map((r) => Object.keys(r.GatewayId ?? {}).length > 0)).toEqual([true]);
    }
  });

  test('allowAllowListedEgress opens HTTPS to 0.0.0.0/0 and acknowledges the gap finding with the domains', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('App'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })],
    });
    const acks = app.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => JSON.stringify(m.data));
    expect(acks.join()).toMatch(/HipaaGap-PhiTierInternetEgress.*api\.partner\.example, \.updates\.vendor\.example/);
  });
});

describe('HipaaVpc egress props are validated', () => {
  test.each([
    [{ egressAllowList: [] }, /egressAllowList is \[\]/],
    [{ egressAllowList: ['https://api.example.com'] }, /egressAllowList has 'https:\/\/api.example.com'/],
    [{ egressAllowList: ['*.example.com'] }, /egressAllowList has '\*.example.com'/],
    [{ egressAllowList: ['a.example', 'a.example'] }, /duplicates/],
    [{ egressAllowList: ['a.example'], natGateways: 1 }, /natGateways is 1 with an egressAllowList/],
    [{ egressAllowList: ['a.example'], maxAzs: 9 }, /maxAzs is 9 with an egressAllowList/],
    [{ organizationId: '123456789012' }, /organizationId '123456789012' is not an AWS Organizations id/],
  ])('%j', (props, message) => {
    expect(() => new HipaaVpc(testStack(), 'Net', props as any)).toThrow(message);
  });

  test('allowAllowListedEgress without an allow-list is refused', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    expect(() => net.allowAllowListedEgress(new ec2.SecurityGroup(stack, 'Sg', { vpc: net.vpc }))).toThrow(/egressAllowList is empty/);
  });
});
