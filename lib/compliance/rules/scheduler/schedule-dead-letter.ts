import { GapRule, RuleVerdict } from '../rule';

/**
 * A schedule retries a refused delivery and keeps what it still could not deliver in a dead-letter
 * queue: without both, Scheduler drops the event (for a one-time notice, forever).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 */
export const SchedulerScheduleDeadLetter: GapRule = {
  id: 'SchedulerScheduleDeadLetter',
  resourceTypes: ['AWS::Scheduler::Schedule'],
  description: 'The EventBridge Scheduler schedule has no dead-letter queue or no retries: an event its target refuses is lost, unseen.',
  fix: 'Set Target.DeadLetterConfig.Arn to a queue whose alarm notifies someone (the FunctionDeadLetters queue of the stack) and a Target.RetryPolicy with retries.',
  safeguard: '164.312(b) audit controls',
  evaluate({ resource }) {
    const target = resource.Properties?.Target ?? {};
    const deadLetter = target.DeadLetterConfig?.Arn !== undefined;
    const attempts = target.RetryPolicy?.MaximumRetryAttempts;
    // Scheduler's default when RetryPolicy is absent is 185 attempts, but an explicit 0 turns retries off.
    const retries = attempts === undefined || Number(attempts) > 0;
    return deadLetter && retries ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
