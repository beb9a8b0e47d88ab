import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Notifies the topic on every state change: ALARM (something is wrong), OK (it recovered)
 * and INSUFFICIENT_DATA (the metric stopped arriving, e.g. a log delivery broke), as the
 * HIPAA conformance pack's CLOUDWATCH_ALARM_ACTION_CHECK requires.
 */
export function notifyOnEveryState(alarm: cloudwatch.Alarm, topic: sns.ITopic): void {
  const action = new cwActions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  alarm.addInsufficientDataAction(action);
}
