import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

describe('SchedulerScheduleDeadLetter', () => {
  const schedule = (target: object) => subject({ Type: 'AWS::Scheduler::Schedule', Properties: {
    ScheduleExpression: 'at(2027-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: { Ref: 'Topic' }, RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, ...target },
  } });
  const deadLetter = { DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } } };
  test('compliant: a dead-letter queue and retries', () =>
    expect(rules.SchedulerScheduleDeadLetter.evaluate(schedule({ ...deadLetter, RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } }))).toBe(RuleVerdict.COMPLIANT));
  test("compliant: a dead-letter queue and Scheduler's default retries (no RetryPolicy)", () =>
    expect(rules.SchedulerScheduleDeadLetter.evaluate(schedule(deadLetter))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no dead-letter queue', () =>
    expect(rules.SchedulerScheduleDeadLetter.evaluate(schedule({ RetryPolicy: { MaximumRetryAttempts: 185 } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: retries turned off', () =>
    expect(rules.SchedulerScheduleDeadLetter.evaluate(schedule({ ...deadLetter, RetryPolicy: { MaximumRetryAttempts: 0 } }))).toBe(RuleVerdict.NON_COMPLIANT));
});
