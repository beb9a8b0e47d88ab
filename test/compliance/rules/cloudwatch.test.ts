import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

describe('CloudWatchAlarmActions', () => {
  const topic = [{ Ref: 'Topic' }];
  const alarm = (props: object, type = 'AWS::CloudWatch::Alarm') =>
    subject({ Type: type, Properties: { AlarmActions: topic, OKActions: topic, InsufficientDataActions: topic, ...props } });
  test('compliant: ALARM, OK and INSUFFICIENT_DATA actions', () => expect(rules.CloudWatchAlarmActions.evaluate(alarm({}))).toBe(RuleVerdict.COMPLIANT));
  test.each(['AlarmActions', 'OKActions', 'InsufficientDataActions'])('non-compliant: no %s', (key) =>
    expect(rules.CloudWatchAlarmActions.evaluate(alarm({ [key]: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: actions disabled', () => expect(rules.CloudWatchAlarmActions.evaluate(alarm({ ActionsEnabled: false }))).toBe(RuleVerdict.NON_COMPLIANT));

  describe('composite alarms', () => {
    const composite = (props: object) => alarm({ AlarmRule: 'ALARM(A) OR ALARM(B)', ...props }, 'AWS::CloudWatch::CompositeAlarm');
    test('the rule judges AWS::CloudWatch::CompositeAlarm', () => expect(rules.CloudWatchAlarmActions.resourceTypes).toContain('AWS::CloudWatch::CompositeAlarm'));
    test('compliant: ALARM, OK and INSUFFICIENT_DATA actions', () => expect(rules.CloudWatchAlarmActions.evaluate(composite({}))).toBe(RuleVerdict.COMPLIANT));
    test.each(['AlarmActions', 'OKActions', 'InsufficientDataActions'])('non-compliant: no %s', (key) =>
      expect(rules.CloudWatchAlarmActions.evaluate(composite({ [key]: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
    test('non-compliant: actions disabled', () => expect(rules.CloudWatchAlarmActions.evaluate(composite({ ActionsEnabled: 'false' }))).toBe(RuleVerdict.NON_COMPLIANT));
  });
});
