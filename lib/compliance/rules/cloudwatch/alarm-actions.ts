import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';

/**
 * An alarm tells someone on every state change: ALARM, OK and INSUFFICIENT_DATA actions, actions enabled.
 * A composite alarm has the same three action lists and ActionsEnabled
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html),
 * and is judged the same way: a composite that nobody hears hides the alarms it combines.
 */
export const CloudWatchAlarmActions: GapRule = {
  id: 'CloudWatchAlarmActions',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  description: 'The alarm lacks an ALARM, OK or INSUFFICIENT_DATA action, or its actions are disabled: a state change would reach nobody.',
  fix: 'Notify a topic on every state (notifyOnEveryState, or addAlarmAction + addOkAction + addInsufficientDataAction) and keep ActionsEnabled true.',
  safeguard: '164.312(b) audit controls',
  evaluate({ resource }) {
    const p = resource.Properties ?? {};
    const every = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].every((k) => asArray(p[k]).length > 0);
    return every && p.ActionsEnabled !== false && p.ActionsEnabled !== 'false' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
