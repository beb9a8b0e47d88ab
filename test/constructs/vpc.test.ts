import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DEFAULT_INTERFACE_ENDPOINTS, HipaaVpc } from '../../lib';
import { Stack } from 'aws-cdk-lib';
import { testApp, testStack } from '../helpers';

describe('HipaaVpc defaults', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, any>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const aclId = (name: string) => stack.getLogicalId(stack.node.findChild('Net').node.findChild(name).node.defaultChild as ec2.CfnNetworkAcl);
  const entries = (name: string, egress: boolean) => ofType('AWS::EC2::NetworkAclEntry')
    .map(([, r]) => r.Properties)
    .filter((p) => p.NetworkAclId.Ref === aclId(name) && (p.Egress ?? false) === egress);

  test('two AZs, three tiers, no public IP on launch in the public tier', () => {
    expect(net.vpc.availabilityZones).toHaveLength(2);
    expect(net.vpc.publicSubnets).toHaveLength(2);
    expect(net.vpc.privateSubnets).toHaveLength(2);
    expect(net.vpc.isolatedSubnets).toHaveLength(2);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('no NAT gateway and no internet route from the private tier by default; default tenancy (Lambda cannot run in a dedicated VPC)', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const privateTables = new Set(net.vpc.privateSubnets.map((s) => stack.resolve(s.routeTable.routeTableId).Ref));
    const routes = ofType('AWS::EC2::Route').map(([, r]) => r.Properties).filter((p) => privateTables.has(p.RouteTableId.Ref));
    expect(routes).toEqual([]);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default' });
  });

  test('flow logs of ALL traffic to a KMS-encrypted log group kept six years, through a scoped role', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs',
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 2192, KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
      })] },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } })] },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0); // no inline policies
  });

  test('the flow-log key lets only CloudWatch Logs of this account and region use it', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: Match.stringLikeRegexp('^AllowCloudWatchLogs'), Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } } })]) },
    });
  });

  test('the default security group is stripped of its rules', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('gateway endpoints for S3 and DynamoDB, interface endpoints with private DNS for the control plane and CloudWatch agent metrics', () => {
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 9);
    for (const service of ['s3', 'dynamodb']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`.${service}`])] }) });
    }
    for (const service of ['kms', 'ssm', 'ssmmessages', 'ec2messages', 'logs', 'monitoring', 'secretsmanager']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true, ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`.${service}`])] }) });
    }
  });

  test('interface endpoints accept only HTTPS from inside the VPC', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'HTTPS from the VPC' }],
    });
  });

  test('public NACL: 443 and 80 from anywhere, anything from the VPC, replies on 1024-65535 except RDP (3389)', () => {
    const inbound = entries('PublicAcl', false).map((e) => [e.CidrBlock, e.PortRange.From, e.PortRange.To]);
    expect(inbound).toEqual([['0.0.0.0/0', 443, 443], ['0.0.0.0/0', 80, 80], ['10.0.0.0/16', 0, 65535], ['0.0.0.0/0', 1024, 3388], ['0.0.0.0/0', 3390, 65535]]);
    for (const e of entries('PublicAcl', false)) expect(e.RuleAction).toBe('allow');
  });

  test('private NACL: inbound only from the VPC plus replies on 1024-65535 except RDP (3389)', () => {
    const inbound = entries('PrivateAcl', false).map((e) => [e.CidrBlock, e.PortRange.From, e.PortRange.To]);
    expect(inbound).toEqual([['10.0.0.0/16', 0, 65535], ['0.0.0.0/0', 1024, 3388], ['0.0.0.0/0', 3390, 65535]]);
    const outbound = entries('PrivateAcl', true).map((e) => [e.CidrBlock, e.PortRange.From, e.PortRange.To]);
    expect(outbound).toEqual([['10.0.0.0/16', 0, 65535], ['0.0.0.0/0', 443, 443]]);
  });

  test('no NACL admits SSH (22) or RDP (3389) from the internet (Control Tower CT.EC2.PR.5), and none is acknowledged', () => {
    const fromInternet = ofType('AWS::EC2::NetworkAclEntry').map(([, r]) => r.Properties)
      .filter((p) => !p.Egress && p.CidrBlock === '0.0.0.0/0' && p.RuleAction === 'allow');
    expect(fromInternet.length).toBeGreaterThan(0);
    for (const port of [22, 3389]) expect(fromInternet.filter((p) => p.PortRange.From <= port && p.PortRange.To >= port)).toEqual([]);
    const acknowledged = net.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((id) => id.includes('CT.EC2.PR.5'))).toEqual([]);
  });

  test('no NACL lets plain HTTP (80) out of any tier', () => {
    const httpOut = ofType('AWS::EC2::NetworkAclEntry').map(([, r]) => r.Properties).filter((p) => p.Egress && p.PortRange.From <= 80 && p.PortRange.To >= 80 && p.CidrBlock === '0.0.0.0/0');
    expect(httpOut).toEqual([]);
  });

  test('data NACL: only the database ports from the private subnets, replies only to them', () => {
    const privateCidrs = net.vpc.privateSubnets.map((s) => s.ipv4CidrBlock).sort();
    const inbound = entries('DataAcl', false);
    expect(inbound).toHaveLength(4);
    expect([...new Set(inbound.map((e) => e.CidrBlock))].sort()).toEqual(privateCidrs);
    expect([...new Set(inbound.map((e) => e.PortRange.From))].sort()).toEqual([3306, 5432]);
    const outbound = entries('DataAcl', true);
    expect(outbound.map((e) => [e.PortRange.From, e.PortRange.To])).toEqual([[1024, 65535], [1024, 65535]]);
    expect([...new Set(outbound.map((e) => e.CidrBlock))].sort()).toEqual(privateCidrs);
  });

  test('each tier\'s subnets are associated with its NACL', () => {
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 6);
  });

  test('tier selectors pick the right subnets', () => {
    expect(net.vpc.selectSubnets(net.publicSubnets()).subnets).toEqual(net.vpc.publicSubnets);
    expect(net.vpc.selectSubnets(net.privateSubnets()).subnets).toEqual(net.vpc.privateSubnets);
    expect(net.vpc.selectSubnets(net.isolatedSubnets()).subnets).toEqual(net.vpc.isolatedSubnets);
  });
});

describe('HipaaVpc Availability Zones and CloudFormation Validate W3010', () => {
  const w3010Acks = (stack: Stack) => stack.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.keys(m.data as Record<string, string>)).filter((id) => id.includes('W3010'));

  test('environment-agnostic: the zones are Fn::GetAZs selections, no literal zone, and W3010 stays live (no acknowledgement)', () => {
    const stack = testStack('Agnostic');
    new HipaaVpc(stack, 'Net');
    const subnets = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map((r: any) => r.Properties.AvailabilityZone);
    expect(subnets).toHaveLength(6);
    for (const az of subnets) expect(az).toEqual({ 'Fn::Select': [expect.any(Number), { 'Fn::GetAZs': '' }] });
    expect(w3010Acks(stack)).toEqual([]);
  });

  test('a concrete environment names literal zones, and aws-cdk-lib\'s W3010 acknowledgement stands', () => {
    const app = testApp({ context: { 'availability-zones:account=111122223333:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'] } });
    const stack = new Stack(app, 'Pinned', { env: { account: '111122223333', region: 'us-east-1' } });
    new HipaaVpc(stack, 'Net');
    const subnets = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map((r: any) => r.Properties.AvailabilityZone);
    expect([...new Set(subnets)].sort()).toEqual(['us-east-1a', 'us-east-1b']);
    expect(w3010Acks(stack)).toEqual(['CloudFormation-Validate::W3010']);
  });
});

describe('HipaaVpc options', () => {
  test('dedicated tenancy, three AZs, one NAT, a chosen endpoint set and database port', () => {
    const stack = testStack('Opt', { context: { 'availability-zones:unknown:unknown': undefined } });
    new HipaaVpc(stack, 'Net', {
      instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED, maxAzs: 3, natGateways: 1, cidr: '10.8.0.0/20',
      interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpointAwsService.STS], databasePorts: [5432],
      flowLogRetention: logs.RetentionDays.TEN_YEARS,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPC', { InstanceTenancy: 'dedicated', CidrBlock: '10.8.0.0/20' });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', DEFAULT_INTERFACE_ENDPOINTS.length + 3);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
  });
});

describe('HipaaVpc rejects bad props', () => {
  test.each([
    [{ maxAzs: 1 }, /maxAzs is 1; use at least 2/],
    [{ natGateways: -1 }, /natGateways is -1; use 0 \(the default: no internet route\) to 2/],
    [{ natGateways: 3 }, /natGateways is 3; use 0/],
    [{ cidr: '10.0.0.0/24' }, /cidr '10.0.0.0\/24' must be an IPv4 block from \/16 to \/20/],
    [{ databasePorts: [70000] }, /databasePorts\[0\] is 70000; use a whole number from 1 to 65535/],
    [{ flowLogRetention: logs.RetentionDays.ONE_YEAR }, /flowLogRetention is 365 days; audit logs must be kept at least 2192 days/],
  ])('%j', (props, message) => {
    expect(() => new HipaaVpc(testStack(), 'Net', props)).toThrow(message);
  });
});
