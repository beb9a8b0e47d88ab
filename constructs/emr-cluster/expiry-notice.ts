import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FunctionDeadLetters } from '../internal/function-dead-letters';

/** The schedule group of the notice (EventBridge Scheduler's default group; named so the role's trust can pin it). */
const SCHEDULE_GROUP = 'default';

/**
 * How Scheduler retries a refused publish: its maxima, a day and 185 attempts
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html), then the dead-letter queue.
 */
export const NOTICE_RETRY_POLICY: scheduler.CfnSchedule.RetryPolicyProperty = { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 };

/** Options of {@link certificateExpiryNotice}. */
export interface CertificateExpiryNoticeProps {
  /** The topic told; people subscribe to it. */
  readonly topic: sns.ITopic;
  /** The key of the topic, when the topic is encrypted. */
  readonly topicKey?: kms.IKey;
  /** `yyyy-mm-ddThh:mm:ss` (UTC) of the first notice, from the certificate custom resource. */
  readonly warnAt: string;
  /** `yyyy-mm-ddThh:mm:ss` (UTC) of the reminder (about a week before expiry), from the certificate custom resource. */
  readonly remindAt: string;
  /** The expiry (ISO 8601) for the message. */
  readonly notAfter: string;
  /** The cluster's construct path, for the message. */
  readonly clusterPath: string;
  /** The stack's dead-letter queue: a notice Scheduler could not publish after its retries lands there, and its alarm tells the topic. */
  readonly deadLetters: FunctionDeadLetters;
}

/** The notice and the reminder. */
export interface CertificateExpiryNotices {
  readonly notice: scheduler.CfnSchedule;
  readonly reminder: scheduler.CfnSchedule;
}

/**
 * Two one-time EventBridge Scheduler schedules that publish to the alarm topic before the
 * generated node certificates expire (the first at the warning lead, a reminder about a week
 * before expiry): the dates come from the certificate custom resource, so the notices move with
 * every renewal. No function runs; Scheduler's SNS target publishes with a role trusted by
 * Scheduler of this account only. A refused publish (a throttled or briefly unavailable topic,
 * a key policy changed by hand) is retried for a day, then the notice lands in the stack's
 * dead-letter queue, whose alarm reaches the same topic on every state: a lost notice is seen.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#one-time
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 */
export function certificateExpiryNotice(scope: Construct, id: string, props: CertificateExpiryNoticeProps): CertificateExpiryNotices {
  const stack = Stack.of(scope);
  // Confused deputy: only EventBridge Scheduler of this account, for a schedule of the default group (where this schedule
  // lives), may assume the role: https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html
  const role = new iam.Role(scope, `${id}Role`, {
    description: `EventBridge Scheduler: tell ${props.clusterPath}'s alarm topic before its certificates expire`.slice(0, 1000),
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnEquals: { 'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: SCHEDULE_GROUP }) },
      },
    }),
  });
  const statements = [new iam.PolicyStatement({ sid: 'PublishExpiryNotice', actions: ['sns:Publish'], resources: [props.topic.topicArn] })];
  // SNS encrypts the message with the topic's key on behalf of the publisher, and only through SNS:
  // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#sns-what-permissions-for-sse
  if (props.topicKey) {
    statements.push(new iam.PolicyStatement({
      sid: 'EncryptForTopic', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.topicKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
    }));
  }
  // Scheduler delivers the dead-letter event with the schedule's execution role, which needs sqs:SendMessage on the queue
  // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html#configuring-schedule-dlq-permissions),
  // and, the queue being SSE-KMS, kms:GenerateDataKey + kms:Decrypt on its key as every producer
  // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#send-to-encrypted-queue);
  // the queue's HipaaKey admits the account's IAM policies, so these grants take effect.
  statements.push(...props.deadLetters.sendStatements());
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, { description: `Publish the certificate expiry notices of ${props.clusterPath}`, roles: [role], statements });
  const schedule = (scheduleId: string, at: string, what: string) => {
    const s = new scheduler.CfnSchedule(scope, scheduleId, {
      // No token in the description: cut at Scheduler's 512 characters, a token could be cut in half.
      description: `cdk-hipaa: ${what} before the in-transit TLS certificates of EMR cluster ${props.clusterPath} expire`.slice(0, 512),
      scheduleExpression: `at(${at})`,
      groupName: SCHEDULE_GROUP,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.topic.topicArn,
        roleArn: role.roleArn,
        retryPolicy: NOTICE_RETRY_POLICY,
        deadLetterConfig: { arn: props.deadLetters.queue.queueArn },
        input: `cdk-hipaa (${what}): the in-transit TLS certificates of EMR cluster ${props.clusterPath} expire at ${props.notAfter} (UTC). ` +
          'Renew them before then: deploy with a higher certificateGeneration (or another certificateValidity); EMR reads the certificates ' +
          'when nodes start, so the cluster is replaced (turn its termination protection off first).',
      },
    });
    s.node.addDependency(policy);
    return s;
  };
  return { notice: schedule(id, props.warnAt, 'notice'), reminder: schedule(`${id}Reminder`, props.remindAt, 'final reminder') };
}
