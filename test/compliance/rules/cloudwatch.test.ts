import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

describe('CloudWatchAlarmActions', () => {
  const topic = [{ Ref: 'Topic' }];
  const alarm = (props: object) => subject({ Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: topic, OKActions: topic, InsufficientDataActions: topic, ...props } });
  test('compliant: ALARM, OK and INSUFFICIENT_DATA actions', () => expect(rules.CloudWatchAlarmActions.evaluate(alarm({}))).toBe(RuleVerdict.COMPLIANT));
  test.each(['AlarmActions', 'OKActions', 'InsufficientDataActions'])('non-compliant: no %s', (key) =>
    expect(rules.CloudWatchAlarmActions.evaluate(alarm({ [key]: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: actions disabled', () => expect(rules.CloudWatchAlarmActions.evaluate(alarm({ ActionsEnabled: false }))).toBe(RuleVerdict.NON_COMPLIANT));
});
