import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbTargets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { applyHipaaChecks, HipaaLoadBalancer, HipaaVpc } from '../../lib';
import { synthAndReadReport, testApp } from '../helpers';

function edgeApp(weaken?: (parts: { internal: HipaaLoadBalancer; pub: HipaaLoadBalancer; net: HipaaVpc }) => void) {
  const app = testApp();
  const stack = new Stack(app, 'Edge');
  const net = new HipaaVpc(stack, 'Net');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
  const pub = new HipaaLoadBalancer(stack, 'Public', { vpc: net.vpc, certificate, internetFacing: true });
  const internal = new HipaaLoadBalancer(stack, 'Internal', { vpc: net.vpc, certificate });
  internal.allowFrom(pub.loadBalancer);
  pub.addTargets('Web', { targets: [new elbTargets.IpTarget('10.0.64.10')] });
  weaken?.({ internal, pub, net });
  applyHipaaChecks(app);
  return synthAndReadReport(app);
}

describe('HipaaVpc + both HipaaLoadBalancer variants', () => {
  test('zero findings from every plugin (CloudFormation validation: test/app.test.ts)', () => {
    const outcome = edgeApp();
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test('the NAT return range (1024-65535, which holds 3389) is acknowledged for CT.EC2.PR.5 on exactly the two return entries', () => {
    const outcome = edgeApp();
    const acks = outcome.acknowledged.filter((a) => a.rule === 'ControlTower-CT.EC2.PR.5');
    expect(acks.flatMap((a) => a.paths).sort()).toEqual(['Edge/Net/PrivateAcl/In101/Resource', 'Edge/Net/PublicAcl/In103/Resource']);
    for (const a of acks) expect(a.reason).toMatch(/NAT gateways use source ports 1024-65535/);
  });

  test('overrides that weaken TLS, the redirect, HTTPS targets or flow logs are caught', () => {
    const outcome = edgeApp(({ pub, net }) => {
      (pub.listener.node.defaultChild as elbv2.CfnListener).addPropertyOverride('SslPolicy', 'ELBSecurityPolicy-2016-08');
      const redirect = pub.loadBalancer.node.findChild('Redirect80To443').node.defaultChild as elbv2.CfnListener;
      redirect.addPropertyOverride('DefaultActions.0', { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } });
      const tg = pub.node.findChild('WebTargets').node.defaultChild as elbv2.CfnTargetGroup;
      tg.addPropertyOverride('HealthCheckProtocol', 'HTTP');
      (net.flowLog as ec2.CfnFlowLog).addPropertyOverride('TrafficType', 'REJECT');
    });
    const gap = outcome.findings.filter((f) => f.plugin === 'HipaaGapChecks').map((f) => f.rule).sort();
    expect(gap).toEqual(['HipaaGap-ElbHttpsListener', 'HipaaGap-ElbHttpsTargetGroup', 'HipaaGap-ElbTlsPolicy', 'HipaaGap-VpcFlowLogsAll']);
  });
});
