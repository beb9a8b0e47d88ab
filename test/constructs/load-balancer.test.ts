import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbTargets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { HipaaLoadBalancer, HipaaVpc, MANAGED_RULE_GROUPS } from '../../lib';
import { testStack } from '../helpers';

function edge(stack: Stack) {
  const net = new HipaaVpc(stack, 'Net');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
  return { net, certificate };
}

describe('HipaaLoadBalancer, internet-facing', () => {
  const stack = testStack();
  const { net, certificate } = edge(stack);
  const alb = new HipaaLoadBalancer(stack, 'Public', { vpc: net.vpc, certificate, internetFacing: true });
  alb.addTargets('Web', { targets: [new elbTargets.IpTarget('10.0.64.10')] });
  const template = Template.fromStack(stack);

  test('is internet-facing in the public subnets, with deletion protection, invalid headers dropped and strictest desync mitigation', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Subnets: net.vpc.publicSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.prefix', Value: Match.stringLikeRegexp('^alb\/[A-Za-z0-9]+$') },
      ]),
    });
  });

  test('HTTPS on 443 with the TLS 1.2+ policy and the certificate', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }],
    });
  });

  test('HTTPS only by default: no port-80 listener, nothing certificate-less to acknowledge', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    expect(Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener')).map((l) => l.Properties.Protocol)).toEqual(['HTTPS']);
    const acks = alb.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acks.filter((id) => id.includes('ELBv2ACMCertificateRequired'))).toEqual([]);
  });

  test('targets and health checks use HTTPS', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Protocol: 'HTTPS', Port: 443, HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/health',
    });
  });

  test('security group admits 443 from anywhere, nothing else', () => {
    const sg = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Internet-facing ALB') } }))[0];
    expect(sg.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual([['0.0.0.0/0', 443, 443]]);
  });

  test('access logs bucket lets ELB log delivery write under the prefix', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: Match.stringLikeRegexp('^ElbLogDeliveryServicePrincipalalb'), Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }, Action: 's3:PutObject' }),
        Match.objectLike({ Sid: Match.stringLikeRegexp('^ElbLogDeliveryRegionalAccountalb'), Action: 's3:PutObject' }),
      ]) },
    });
    expect(template.toJSON().Mappings.CdkHipaaElbLogDeliveryAccounts['us-east-1']).toEqual({ account: '127311923021' });
  });

  test('WAF web ACL (REGIONAL) with rate limit and the managed rule groups, associated and logging', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'RateLimitPerIp', Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } }),
        ...MANAGED_RULE_GROUPS.map((name) => Match.objectLike({ Name: name, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } })),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
    // WAF requires the aws-waf-logs- prefix; the group is retained, so its name ends in the stack instance's id.
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^aws-waf-logs-.+-$'), { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]] },
      RetentionInDays: 2192,
    });
  });
});

describe('HipaaLoadBalancer and Control Tower CT.ELASTICLOADBALANCING.PR.2', () => {
  const acknowledged = (alb: HipaaLoadBalancer) => alb.listener.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.keys(m.data as Record<string, string>)).filter((id) => id.includes('CT.ELASTICLOADBALANCING.PR.2'));

  test('a certificate ARN the control cannot read (a parameter) is acknowledged on the listener, with why', () => {
    const stack = testStack();
    const { net, certificate } = edge(stack);
    expect(acknowledged(new HipaaLoadBalancer(stack, 'A', { vpc: net.vpc, certificate }))).toEqual(['ControlTowerGuardChecks::ControlTower-CT.ELASTICLOADBALANCING.PR.2']);
  });

  test('a certificate issued in the same template is what the control reads: nothing to acknowledge', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    const certificate = new acm.Certificate(stack, 'Cert', { domainName: 'portal.clinic.example' });
    const alb = new HipaaLoadBalancer(stack, 'A', { vpc: net.vpc, certificate });
    expect(acknowledged(alb)).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Certificates: [{ CertificateArn: { Ref: stack.getLogicalId(certificate.node.defaultChild as acm.CfnCertificate) } }],
    });
  });

  test('a certificate of another stack is a cross-stack import the control cannot read: acknowledged', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const certificateStack = new Stack(app, 'Certificates');
    const certificate = new acm.Certificate(certificateStack, 'Cert', { domainName: 'portal.clinic.example' });
    const stack = new Stack(app, 'Edge');
    const net = new HipaaVpc(stack, 'Net');
    expect(acknowledged(new HipaaLoadBalancer(stack, 'A', { vpc: net.vpc, certificate }))).toEqual(['ControlTowerGuardChecks::ControlTower-CT.ELASTICLOADBALANCING.PR.2']);
  });
});

describe('HipaaLoadBalancer, internet-facing with httpRedirect', () => {
  const stack = testStack();
  const { net, certificate } = edge(stack);
  const alb = new HipaaLoadBalancer(stack, 'Public', { vpc: net.vpc, certificate, internetFacing: true, httpRedirect: true });
  const template = Template.fromStack(stack);

  test('port 80 only redirects to HTTPS', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  test('security group admits 443 and 80 from anywhere, nothing else', () => {
    const sg = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Internet-facing ALB') } }))[0];
    expect(sg.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual([['0.0.0.0/0', 443, 443], ['0.0.0.0/0', 80, 80]]);
  });

  test('the certificate-less redirect listener is acknowledged for ELBv2ACMCertificateRequired, with why', () => {
    const redirect = alb.loadBalancer.node.findChild('Redirect80To443');
    const acks = redirect.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data as Record<string, string>);
    const ids = acks.flatMap((a) => Object.keys(a)).filter((id) => id.includes('ELBv2ACMCertificateRequired'));
    expect(ids).toHaveLength(2);
    for (const a of acks) for (const reason of Object.values(a)) expect(reason).toMatch(/only action is a permanent redirect to HTTPS/);
  });
});

describe('HipaaLoadBalancer, internal', () => {
  const stack = testStack();
  const { net, certificate } = edge(stack);
  const web = new ec2.SecurityGroup(stack, 'WebTier', { vpc: net.vpc });
  const alb = new HipaaLoadBalancer(stack, 'Internal', { vpc: net.vpc, certificate });
  alb.allowFrom(web);
  const template = Template.fromStack(stack);

  test('is internal, in the private subnets, with only the HTTPS listener', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: net.vpc.privateSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
  });

  test('admits HTTPS only from the tier above', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(web.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
    });
    const sg = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Internal ALB') } }))[0];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('has a WAF web ACL too (defence in depth)', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });
});

describe('HipaaLoadBalancer rejects bad props', () => {
  const make = (props: object) => {
    const stack = testStack();
    const { net, certificate } = edge(stack);
    return new HipaaLoadBalancer(stack, 'Alb', { vpc: net.vpc, certificate, ...props });
  };
  test.each([
    [elbv2.SslPolicy.RECOMMENDED], [elbv2.SslPolicy.TLS13_10], [elbv2.SslPolicy.TLS13_EXT1], [elbv2.SslPolicy.TLS12],
  ])('weak TLS policy %s', (sslPolicy) => {
    expect(() => make({ sslPolicy })).toThrow(new RegExp(`sslPolicy '${sslPolicy}' admits TLS below 1.2 or weak ciphers`));
  });
  test('stricter policies are accepted', () => {
    expect(() => make({ sslPolicy: elbv2.SslPolicy.TLS13_13 })).not.toThrow();
    expect(() => make({ sslPolicy: elbv2.SslPolicy.TLS13_RES })).not.toThrow();
  });
  test('an HTTP target group', () => {
    const alb = make({});
    expect(() => alb.addTargets('Web', { targets: [], protocol: elbv2.ApplicationProtocol.HTTP })).toThrow(/addTargets\('Web'\) protocol is HTTP; targets must be reached over HTTPS/);
  });
  test('a rate limit WAF does not accept', () => {
    expect(() => make({ rateLimit: 5 })).toThrow(/rateLimit is 5; use a whole number from 100 to 2000000000/);
  });
  test('a missing certificate', () => {
    expect(() => make({ certificate: undefined })).toThrow(/certificate is undefined; it has no safe default/);
  });
  test('httpRedirect on an internal load balancer', () => {
    expect(() => make({ httpRedirect: true })).toThrow(/httpRedirect is true on an internal load balancer/);
  });
  test('allowFrom on an internet-facing load balancer', () => {
    const alb = make({ internetFacing: true });
    expect(() => alb.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'))).toThrow(/allowFrom is for internal load balancers/);
  });
});

describe('HipaaLoadBalancer access logs in a stack with several load balancers', () => {
  test('one shared service-log bucket, each load balancer under its own prefix with its own statement ids', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
    new HipaaLoadBalancer(stack, 'One', { vpc: net.vpc, certificate, internetFacing: true });
    new HipaaLoadBalancer(stack, 'Two', { vpc: net.vpc, certificate });
    const template = Template.fromStack(stack);
    const prefixes = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))
      .map((lb) => lb.Properties.LoadBalancerAttributes.find((a: any) => a.Key === 'access_logs.s3.prefix').Value);
    expect(new Set(prefixes).size).toBe(2);
    const buckets = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))
      .map((lb) => JSON.stringify(lb.Properties.LoadBalancerAttributes.find((a: any) => a.Key === 'access_logs.s3.bucket').Value));
    expect(new Set(buckets).size).toBe(1);
    // IAM rejects a policy with duplicate statement ids at deploy time.
    for (const policy of Object.values(template.findResources('AWS::S3::BucketPolicy'))) {
      const sids = policy.Properties.PolicyDocument.Statement.map((st: any) => st.Sid).filter(Boolean);
      expect(new Set(sids).size).toBe(sids.length);
    }
  });
});
