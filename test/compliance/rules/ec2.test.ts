import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;
const lt = (data: object) => ({ Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: data } });
const asg = (props: object) => ({ Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: props });
const vpc = (tenancy?: string) => ({ Type: 'AWS::EC2::VPC', Properties: tenancy ? { InstanceTenancy: tenancy } : {} });
const subnet = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } };

describe('DedicatedTenancy', () => {
  const evaluate = (r: rules.CfnTemplateResource, extra = {}) => rules.DedicatedTenancy.evaluate(subject(r, extra));
  const withLt = (tenancy?: string) => ({ Lt: lt(tenancy ? { Placement: { Tenancy: tenancy } } : {}) });
  test.each<[string | undefined, rules.RuleVerdict]>([['dedicated', RuleVerdict.COMPLIANT], ['host', RuleVerdict.COMPLIANT], ['default', RuleVerdict.NON_COMPLIANT], [undefined, RuleVerdict.NON_COMPLIANT]])(
    'Auto Scaling group whose launch template has tenancy %s', (tenancy, verdict) =>
      expect(evaluate(asg({ LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } } }), withLt(tenancy))).toBe(verdict));
  test('Auto Scaling group through a mixed instances policy', () =>
    expect(evaluate(asg({ MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Lt' } } } } }), withLt('dedicated'))).toBe(RuleVerdict.COMPLIANT));
  test('Auto Scaling group with a dedicated launch configuration', () =>
    expect(evaluate(asg({ LaunchConfigurationName: { Ref: 'Lc' } }), { Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { PlacementTenancy: 'dedicated' } } })).toBe(RuleVerdict.COMPLIANT));
  test('Auto Scaling group with a launch template of another stack cannot be verified', () =>
    expect(evaluate(asg({ LaunchTemplate: { LaunchTemplateId: 'lt-external' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('instance with dedicated tenancy', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { Tenancy: 'dedicated' } })).toBe(RuleVerdict.COMPLIANT));
  test('instance in a dedicated VPC', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sn' } } }, { Sn: subnet, Vpc: vpc('dedicated') })).toBe(RuleVerdict.COMPLIANT));
  test('instance in a default-tenancy VPC', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sn' } } }, { Sn: subnet, Vpc: vpc() })).toBe(RuleVerdict.NON_COMPLIANT));
  const emr = { Type: 'AWS::EMR::Cluster', Properties: { Instances: { Ec2SubnetId: { Ref: 'Sn' } } } };
  test('EMR cluster in a dedicated VPC', () => expect(evaluate(emr, { Sn: subnet, Vpc: vpc('dedicated') })).toBe(RuleVerdict.COMPLIANT));
  test('EMR cluster in a default VPC', () => expect(evaluate(emr, { Sn: subnet, Vpc: vpc('default') })).toBe(RuleVerdict.NON_COMPLIANT));
  test('EMR cluster in a subnet of another stack', () => expect(evaluate({ Type: 'AWS::EMR::Cluster', Properties: { Instances: { Ec2SubnetId: 'subnet-external' } } })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('Imdsv2Required', () => {
  const evaluate = (r: rules.CfnTemplateResource, extra = {}) => rules.Imdsv2Required.evaluate(subject(r, extra));
  test('launch template requiring tokens', () => expect(evaluate(lt({ MetadataOptions: { HttpTokens: 'required' } }))).toBe(RuleVerdict.COMPLIANT));
  test('launch template with optional tokens', () => expect(evaluate(lt({ MetadataOptions: { HttpTokens: 'optional' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('launch template without metadata options (IMDSv1 allowed)', () => expect(evaluate(lt({}))).toBe(RuleVerdict.NON_COMPLIANT));
  test('metadata endpoint disabled altogether', () => expect(evaluate(lt({ MetadataOptions: { HttpEndpoint: 'disabled' } }))).toBe(RuleVerdict.COMPLIANT));
  test('launch configuration requiring tokens', () => expect(evaluate({ Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { MetadataOptions: { HttpTokens: 'required' } } })).toBe(RuleVerdict.COMPLIANT));
  test('instance through a launch template requiring tokens', () =>
    expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } } } }, { Lt: lt({ MetadataOptions: { HttpTokens: 'required' } }) })).toBe(RuleVerdict.COMPLIANT));
  test('instance without a launch template', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: {} })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('VpcFlowLogsAll', () => {
  const vpc = { Type: 'AWS::EC2::VPC', Properties: {} };
  const flowLog = (traffic: string, ref = 'Subject') => ({ Type: 'AWS::EC2::FlowLog', Properties: { ResourceType: 'VPC', ResourceId: { Ref: ref }, TrafficType: traffic } });
  test('compliant: ALL traffic logged', () => expect(rules.VpcFlowLogsAll.evaluate(subject(vpc, { F: flowLog('ALL') }))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: only REJECT logged', () => expect(rules.VpcFlowLogsAll.evaluate(subject(vpc, { F: flowLog('REJECT') }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the flow log is for another VPC', () => expect(rules.VpcFlowLogsAll.evaluate(subject(vpc, { F: flowLog('ALL', 'Other') }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no flow log', () => expect(rules.VpcFlowLogsAll.evaluate(subject(vpc))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('PhiTierInternetEgress', () => {
  const sg = (egress?: object[]) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: egress === undefined ? { GroupDescription: 'g' } : { GroupDescription: 'g', SecurityGroupEgress: egress } });
  const sgEgress = (props: object) => ({ Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: { 'Fn::GetAtt': ['G', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ...props } });
  const lb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: [{ 'Fn::GetAtt': ['Subject', 'GroupId'] }] } };
  const placeholder = { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 87 };
  test('compliant: only a placeholder inline, endpoints as separate rules', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sg([placeholder])))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: HTTPS to a prefix list', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sg([{ DestinationPrefixListId: 'pl-1', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }])))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: HTTPS to 0.0.0.0/0', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sg([{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }])))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: all traffic to ::/0', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sg([placeholder, { CidrIpv6: '::/0', IpProtocol: '-1' }])))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no SecurityGroupEgress at all (EC2 keeps its default allow-all rule)', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sg()))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: a load balancer\'s group', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sg(), { Lb: lb }))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('compliant: a separate egress rule to a security group', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sgEgress({ DestinationSecurityGroupId: 'sg-1' })))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: a separate egress rule to 0.0.0.0/0', () => expect(rules.PhiTierInternetEgress.evaluate(subject(sgEgress({ CidrIp: '0.0.0.0/0' })))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: a separate rule of a load balancer\'s group', () => {
    const template = { Resources: { Subject: sgEgress({ CidrIp: '0.0.0.0/0' }), G: sg([placeholder]), Lb: { ...lb, Properties: { SecurityGroups: [{ 'Fn::GetAtt': ['G', 'GroupId'] }] } } } };
    expect(rules.PhiTierInternetEgress.evaluate({ logicalId: 'Subject', resource: template.Resources.Subject, template })).toBe(RuleVerdict.NOT_APPLICABLE);
  });
});

describe('VpcEndpointPolicy', () => {
  const endpoint = (policy?: object, type = 'Interface') => ({ Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: type, ...(policy ? { PolicyDocument: policy } : {}) } });
  const account = { Ref: 'AWS::AccountId' };
  const own = { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } } };
  const awsOwned = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: ['arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*'], Condition: { StringEquals: { 'aws:PrincipalAccount': account } } };
  const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
  test('compliant: own principals on own resources', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc(own))))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: organization-scoped, plus named AWS-owned objects', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc(
    { ...own, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } }, awsOwned))))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a Deny statement needs no perimeter', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc(own, { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }))))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no policy (full access)', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint()))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: any principal, any resource', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }))))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: own principals on any resource (another account\'s bucket)', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc(
    { ...own, Condition: { StringEquals: { 'aws:PrincipalAccount': account } } }), 'Gateway')))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the condition matches anything (StringLike *)', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc(
    { ...own, Condition: { StringLike: { 'aws:PrincipalAccount': '*', 'aws:ResourceAccount': '*' } } }))))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: one open statement beside a scoped one', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(doc(own, { ...awsOwned, Condition: undefined }))))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: a Gateway Load Balancer endpoint', () => expect(rules.VpcEndpointPolicy.evaluate(subject(endpoint(undefined, 'GatewayLoadBalancer')))).toBe(RuleVerdict.NOT_APPLICABLE));
});
