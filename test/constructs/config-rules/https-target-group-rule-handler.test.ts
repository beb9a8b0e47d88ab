import { createHttpsTargetGroupRule, HttpsTargetGroupRuleDeps, judgeTargetGroup, TargetGroupFacts } from '../../../constructs/config-rules/https-target-group-rule-handler';
import { Evaluation } from '../../../constructs/config-rules/rule-runtime';

const AT = '2026-11-23T10:00:00.000Z';
const arn = (name: string) => `arn:aws:elasticloadbalancing:region:account:targetgroup/${name}/0123456789abcdef`;
const scheduled = { invokingEvent: JSON.stringify({ messageType: 'ScheduledNotification', notificationCreationTime: AT }), resultToken: 'token-1' };

function fakeDeps(pages: TargetGroupFacts[][], throttleFirst = 0) {
  const sent: Array<{ evaluations: Evaluation[]; token: string }> = [];
  const markers: Array<string | undefined> = [];
  let throttles = throttleFirst;
  const deps: HttpsTargetGroupRuleDeps = {
    async describeTargetGroups(marker) {
      if (throttles-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
      markers.push(marker);
      const index = marker ? Number(marker) : 0;
      return { targetGroups: pages[index] ?? [], nextMarker: index + 1 < pages.length ? String(index + 1) : undefined };
    },
    async putEvaluations(evaluations, token) { sent.push({ evaluations, token }); },
    async sleep() { /* no waiting in tests */ },
  };
  return { sent, markers, rule: createHttpsTargetGroupRule(deps) };
}

describe('HTTPS-only target group rule (evaluations sent to Config)', () => {
  test('judges every target group of every page and sends one evaluation each, by ARN, at the notification time', async () => {
    const { rule, sent, markers } = fakeDeps([
      [{ TargetGroupArn: arn('web'), Protocol: 'HTTPS', HealthCheckProtocol: 'HTTPS', TargetType: 'instance' }],
      [{ TargetGroupArn: arn('plain'), Protocol: 'HTTP', HealthCheckProtocol: 'HTTP', TargetType: 'instance' },
        { TargetGroupArn: arn('fn'), TargetType: 'lambda' }],
    ]);
    await rule(scheduled);
    expect(markers).toEqual([undefined, '1']);
    expect(sent).toEqual([{ token: 'token-1', evaluations: [
      { ComplianceResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup', ComplianceResourceId: arn('web'), ComplianceType: 'COMPLIANT', Annotation: undefined, OrderingTimestamp: new Date(AT) },
      { ComplianceResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup', ComplianceResourceId: arn('plain'), ComplianceType: 'NON_COMPLIANT',
        Annotation: 'Traffic over HTTP, health checks over HTTP; PHI between the load balancer and its targets must use HTTPS for both.', OrderingTimestamp: new Date(AT) },
      { ComplianceResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup', ComplianceResourceId: arn('fn'), ComplianceType: 'NOT_APPLICABLE', Annotation: undefined, OrderingTimestamp: new Date(AT) },
    ] }]);
  });

  test.each<[string, TargetGroupFacts, string]>([
    ['HTTPS traffic, HTTP health checks', { Protocol: 'HTTPS', HealthCheckProtocol: 'HTTP' }, 'NON_COMPLIANT'],
    ['HTTP traffic, HTTPS health checks', { Protocol: 'HTTP', HealthCheckProtocol: 'HTTPS' }, 'NON_COMPLIANT'],
    ['HTTPS with the health check protocol left to default', { Protocol: 'HTTPS' }, 'COMPLIANT'],
    ['network target group on TLS', { Protocol: 'TLS', HealthCheckProtocol: 'TCP' }, 'COMPLIANT'],
    ['network target group on TCP', { Protocol: 'TCP' }, 'NOT_APPLICABLE'],
    ['gateway target group (GENEVE)', { Protocol: 'GENEVE' }, 'NOT_APPLICABLE'],
  ])('%s: %s', (_name, tg, expected) => {
    expect(judgeTargetGroup(tg).type).toBe(expected);
  });

  test('more than 100 target groups go to Config in batches of 100', async () => {
    const many: TargetGroupFacts[] = Array.from({ length: 250 }, (_, i) => ({ TargetGroupArn: arn(`tg${i}`), Protocol: 'HTTPS', HealthCheckProtocol: 'HTTPS' }));
    const { rule, sent } = fakeDeps([many]);
    await rule(scheduled);
    expect(sent.map((s) => s.evaluations.length)).toEqual([100, 100, 50]);
  });

  test('throttled listing is retried', async () => {
    const { rule, sent } = fakeDeps([[{ TargetGroupArn: arn('web'), Protocol: 'HTTPS' }]], 2);
    await rule(scheduled);
    expect(sent[0].evaluations[0].ComplianceType).toBe('COMPLIANT');
  });

  test('an account without target groups sends nothing; change notifications are ignored (periodic rule)', async () => {
    const empty = fakeDeps([[]]);
    expect(await empty.rule(scheduled)).toEqual([]);
    expect(empty.sent).toEqual([]);
    const change = fakeDeps([[{ TargetGroupArn: arn('web'), Protocol: 'HTTP' }]]);
    expect(await change.rule({ invokingEvent: JSON.stringify({ messageType: 'ConfigurationItemChangeNotification' }), resultToken: 't' })).toEqual([]);
    expect(change.markers).toEqual([]);
  });
});
