import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

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
  const role = new iam.Role(scope, `${id}Role`, {
    description: `EventBridge Scheduler: tell ${props.clusterPath}'s alarm topic before its certificates expire`,
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
  });
  const statements = [new iam.PolicyStatement({ sid: 'PublishExpiryNotice', actions: ['sns:Publish'], resources: [props.topic.topicArn] })];
  // SNS encrypts the message with the topic's key on behalf of the publisher.
  if (props.topicKey) statements.push(new iam.PolicyStatement({ sid: 'EncryptForTopic', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.topicKey.keyArn] }));
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, { description: `Publish the certificate expiry notice of ${props.clusterPath}`, roles: [role], statements });
  const schedule = new scheduler.CfnSchedule(scope, id, {
    description: `cdk-hipaa: ${props.clusterPath} in-transit TLS certificates expire at ${props.notAfter}`.slice(0, 512),
    scheduleExpression: `at(${props.warnAt})`,
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
