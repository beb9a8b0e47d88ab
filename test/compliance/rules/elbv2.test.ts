import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;
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
