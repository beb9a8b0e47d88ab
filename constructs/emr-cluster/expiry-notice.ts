import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The schedule group of the notice (EventBridge Scheduler's default group; named so the role's trust can pin it). */
const SCHEDULE_GROUP = 'default';

/** Options of {@link certificateExpiryNotice}. */
export interface CertificateExpiryNoticeProps {
  /** The topic told; people subscribe to it. */
  readonly topic: sns.ITopic;
  /** The key of the topic, when the topic is encrypted. */
  readonly topicKey?: kms.IKey;
  /** `yyyy-mm-ddThh:mm:ss` (UTC) of the notice, from the certificate custom resource. */
  readonly warnAt: string;
  /** The expiry (ISO 8601) for the message. */
  readonly notAfter: string;
  /** The cluster's construct path, for the message. */
  readonly clusterPath: string;
}

/**
 * A one-time EventBridge Scheduler schedule that publishes to the alarm topic before the
 * generated node certificates expire: the date comes from the certificate custom resource,
 * so the notice moves with every renewal. No function runs; Scheduler's SNS target publishes
 * with a role trusted by Scheduler of this account only.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#one-time
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */
export function certificateExpiryNotice(scope: Construct, id: string, props: CertificateExpiryNoticeProps): scheduler.CfnSchedule {
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
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, { description: `Publish the certificate expiry notice of ${props.clusterPath}`, roles: [role], statements });
  const schedule = new scheduler.CfnSchedule(scope, id, {
    // No token in the description: cut at Scheduler's 512 characters, a token could be cut in half.
    description: `cdk-hipaa: notice before the in-transit TLS certificates of EMR cluster ${props.clusterPath} expire`.slice(0, 512),
    scheduleExpression: `at(${props.warnAt})`,
    groupName: SCHEDULE_GROUP,
    scheduleExpressionTimezone: 'UTC',
    flexibleTimeWindow: { mode: 'OFF' },
    state: 'ENABLED',
    target: {
      arn: props.topic.topicArn,
      roleArn: role.roleArn,
      input: `cdk-hipaa: the in-transit TLS certificates of EMR cluster ${props.clusterPath} expire at ${props.notAfter} (UTC). ` +
        'Renew them before then: deploy with a higher certificateGeneration (or another certificateValidity); EMR reads the certificates ' +
        'when nodes start, so the cluster is replaced (turn its termination protection off first).',
    },
  });
  schedule.node.addDependency(policy);
  return schedule;
}
