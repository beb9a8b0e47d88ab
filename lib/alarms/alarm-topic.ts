import { Annotations, Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { cloudWatchAlarmsStatement } from '../policies/kms-key-policy';
import { HipaaValidationError } from '../errors';

/** Options of {@link encryptedAlarmTopic}. */
export interface EncryptedAlarmTopicProps {
  /** Customer-managed key of the topic; CloudWatch of this account is added to its policy. */
  readonly key: kms.IKey;
  /** Shown in notifications. */
  readonly displayName: string;
  /** Email subscribers, and the prop they came from (for the error message). */
  readonly emails?: { readonly propName: string; readonly addresses: readonly string[] };
  /**
   * Why the topic may have no subscriber here (e.g. subscribed outside this app). Without
   * emails and without it, synth warns: alarms nobody receives protect nobody.
   * @default - warn when there is no email subscriber
   */
  readonly noSubscriberReason?: string;
}

/** Id of the synth warning for a topic without subscriber. */
export const NO_SUBSCRIBER_WARNING = 'cdk-hipaa:alarmTopicWithoutSubscriber';

/**
 * The SNS topic CloudWatch alarms notify: encrypted with a customer-managed key
 * (whose policy lets CloudWatch of this account use it), TLS-only publishing,
 * publishing by CloudWatch allowed for this account only. One place for every
 * construct that raises alarms.
 */
export function encryptedAlarmTopic(scope: Construct, id: string, props: EncryptedAlarmTopicProps): sns.Topic {
  props.key.addToResourcePolicy(cloudWatchAlarmsStatement());
  const topic = new sns.Topic(scope, id, { displayName: props.displayName, masterKey: props.key, enforceSSL: true });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  }));
  const emails = props.emails?.addresses ?? [];
  if (emails.length === 0 && !(props.noSubscriberReason ?? '').trim()) {
    Annotations.of(topic).addWarningV2(NO_SUBSCRIBER_WARNING, `${topic.node.path}: the alarm topic has no subscriber, so its alarms reach nobody; ` +
      `pass ${props.emails?.propName ?? 'an email'}, subscribe a person or an on-call tool to it, or give the reason it needs none here.`);
  }
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      throw new HipaaValidationError(scope, props.emails!.propName, 'INVALID_VALUE', `${props.emails!.propName} has '${email}', which is not an email address.`);
    }
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return topic;
}
