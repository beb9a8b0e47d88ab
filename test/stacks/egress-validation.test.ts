import { Stack } from 'aws-cdk-lib';
import { applyHipaaChecks, HipaaAutoScalingGroup, HipaaVpc } from '../../lib';
import { synthAndReadReport, testApp } from '../helpers';

describe('HipaaVpc with an egress allow-list (Network Firewall) under every check', () => {
  const app = testApp();
  const stack = new Stack(app, 'Egress');
  const net = new HipaaVpc(stack, 'Net', { egressAllowList: ['api.partner.example'] });
  const app1 = new HipaaAutoScalingGroup(stack, 'App', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
  net.allowAllowListedEgress(app1);
  new HipaaAutoScalingGroup(stack, 'Web', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
  applyHipaaChecks(app);
  const outcome = synthAndReadReport(app);

  test('zero unacknowledged findings from every plugin', () => {
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test('the app tier\'s HTTPS to 0.0.0.0/0 is an acknowledged finding naming the allow-list; the web tier has none', () => {
    const acks = outcome.acknowledged.filter((a) => a.rule === 'HipaaGap-PhiTierInternetEgress');
    expect(acks).toEqual([expect.objectContaining({ reason: expect.stringContaining('api.partner.example'), paths: [expect.stringMatching(/^Egress\/App\/SecurityGroup/)] })]);
  });
});
