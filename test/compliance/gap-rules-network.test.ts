import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;

function subject(resource: rules.CfnTemplateResource, extra: Record<string, rules.CfnTemplateResource> = {}): rules.RuleSubject {
  return { logicalId: 'Subject', resource, template: { Resources: { Subject: resource, ...extra } } };
}
const listener = (props: object) => ({ Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: props });
const redirect = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
const forward = { Type: 'forward', TargetGroupArn: { Ref: 'Tg' } };

describe('ElbHttpsListener', () => {
  test('compliant: HTTPS', () => expect(rules.ElbHttpsListener.evaluate(subject(listener({ Protocol: 'HTTPS' })))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: HTTP that only redirects to HTTPS', () => expect(rules.ElbHttpsListener.evaluate(subject(listener({ Protocol: 'HTTP', DefaultActions: [redirect] })))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: HTTP forwarding', () => expect(rules.ElbHttpsListener.evaluate(subject(listener({ Protocol: 'HTTP', DefaultActions: [forward] })))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: HTTP redirecting to HTTP', () => expect(rules.ElbHttpsListener.evaluate(subject(listener({ Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP' } }] })))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('ElbListenerRuleHttps', () => {
  const rule = (actions: object[]) => ({ Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'L' }, Actions: actions } });
  test('compliant: forwarding on an HTTPS listener', () => expect(rules.ElbListenerRuleHttps.evaluate(subject(rule([forward]), { L: listener({ Protocol: 'HTTPS' }) }))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: forwarding on an HTTP listener', () => expect(rules.ElbListenerRuleHttps.evaluate(subject(rule([forward]), { L: listener({ Protocol: 'HTTP', DefaultActions: [redirect] }) }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: listener outside the template', () => expect(rules.ElbListenerRuleHttps.evaluate(subject(rule([forward])))).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('ElbTlsPolicy', () => {
  test.each(rules.ALLOWED_TLS_POLICIES)('compliant: %s', (policy) => expect(rules.ElbTlsPolicy.evaluate(subject(listener({ Protocol: 'HTTPS', SslPolicy: policy })))).toBe(RuleVerdict.COMPLIANT));
  test.each([undefined, 'ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-0-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06'])('non-compliant: %s', (policy) =>
    expect(rules.ElbTlsPolicy.evaluate(subject(listener({ Protocol: 'HTTPS', SslPolicy: policy })))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: HTTP listener', () => expect(rules.ElbTlsPolicy.evaluate(subject(listener({ Protocol: 'HTTP' })))).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('ElbHttpsTargetGroup', () => {
  const tg = (props: object) => ({ Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: props });
  test('compliant: HTTPS with HTTPS health checks', () => expect(rules.ElbHttpsTargetGroup.evaluate(subject(tg({ Protocol: 'HTTPS', HealthCheckProtocol: 'HTTPS' })))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: HTTP', () => expect(rules.ElbHttpsTargetGroup.evaluate(subject(tg({ Protocol: 'HTTP' })))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: HTTPS with HTTP health checks', () => expect(rules.ElbHttpsTargetGroup.evaluate(subject(tg({ Protocol: 'HTTPS', HealthCheckProtocol: 'HTTP' })))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: Lambda targets', () => expect(rules.ElbHttpsTargetGroup.evaluate(subject(tg({ TargetType: 'lambda' })))).toBe(RuleVerdict.NOT_APPLICABLE));
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
