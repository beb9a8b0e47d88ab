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
  const pub = new HipaaLoadBalancer(stack, 'Public', { vpc: net.vpc, certificate, internetFacing: true, httpRedirect: true });
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

  test('Control Tower CT.EC2.PR.5 passes on every NACL entry without an acknowledgement (the return range skips RDP)', () => {
    const outcome = edgeApp();
    expect(outcome.acknowledged.filter((a) => a.rule === 'ControlTower-CT.EC2.PR.5')).toEqual([]);
    expect(outcome.findings).toEqual([]);
  });

  test('a return entry widened over RDP (3389) is caught by CT.EC2.PR.5', () => {
    const outcome = edgeApp(({ net }) => {
      const entry = net.node.findChild('PublicAcl').node.findChild('In103').node.defaultChild as ec2.CfnNetworkAclEntry;
      entry.addPropertyOverride('PortRange.To', 65535);
    });
    expect(outcome.findings.filter((f) => f.rule === 'ControlTower-CT.EC2.PR.5').flatMap((f) => f.paths)).toEqual(['Edge/Net/PublicAcl/In103/Resource']);
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
