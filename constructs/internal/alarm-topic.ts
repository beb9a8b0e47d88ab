import { Annotations, Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
import { requireEncryptedTopic } from '../encryption-checks';
import { cloudWatchAlarmsStatement, eventBridgeTopicKeyStatement } from '../../lib/policies/kms-key-policy';
import { HipaaValidationError } from '../../lib/errors';

/** Email subscribers of an alarm topic, and the prop they came from (for the error message). */
export interface AlarmTopicEmails {
  /** The prop the addresses came from. */
  readonly propName: string;
  /** The addresses. */
  readonly addresses: readonly string[];
}

/** Options of {@link encryptedAlarmTopic}. */
export interface EncryptedAlarmTopicProps {
  /** Customer-managed key of the topic; CloudWatch of this account is added to its policy. */
  readonly key: kms.IKey;
  /** Shown in notifications. */
  readonly displayName: string;
  /**
   * Email subscribers, by the prop they came from (each bad address is reported under its own prop).
   * @default - none
   */
  readonly emails?: AlarmTopicEmails | readonly AlarmTopicEmails[];
  /**
   * Why the topic may have no subscriber here (e.g. subscribed outside this app). Without
   * emails and without it, synth warns: alarms nobody receives protect nobody.
   * @default - warn when there is no email subscriber
   */
  readonly noSubscriberReason?: string;
}

/** Id of the synth warning for a topic without subscriber. */
export const NO_SUBSCRIBER_WARNING = 'cdk-hipaa:alarmTopicWithoutSubscriber';

/** A service that publishes to an alarm topic: who, and what the grants are bound to. */
export interface AlarmTopicPublisher {
  /** Sid of the topic policy statement (and of the key policy statement unless `keySid`). */
  readonly sid: string;
  /** Sid of the key policy statement. @default - `sid` */
  readonly keySid?: string;
  /** The publishing service. */
  readonly service: 'cloudwatch.amazonaws.com' | 'events.amazonaws.com';
  /** The publishing resources (e.g. EventBridge rule ARNs) for `aws:SourceArn`. @default - any of this account (`aws:SourceAccount`) */
  readonly sourceArns?: string[];
}

/**
 * Lets a service of this account publish to an encrypted alarm topic: a topic policy statement
 * (bound by `aws:SourceArn` when the publishing resources are known, else by `aws:SourceAccount`)
 * and a key policy statement (kms:Decrypt, kms:GenerateDataKey*); an encrypted topic receives
 * nothing from an AWS service that may not use its key
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 * The key statement of CloudWatch is bound by `aws:SourceAccount`, as that page advises; the one of
 * EventBridge carries no condition (`eventBridgeTopicKeyStatement`: SNS does not support one there).
 * Only a topic and key defined in this app take the statements: an imported topic is left as it
 * is, its owner grants both (README, "Alarm destination"), and nothing fails at synth.
 */
export function admitPublisher(topic: sns.ITopic, publisher: AlarmTopicPublisher, key: kms.IKey | undefined = topic.masterKey): void {
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: publisher.sid,
    principals: [new iam.ServicePrincipal(publisher.service)],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: publisher.sourceArns
      ? { ArnEquals: { 'aws:SourceArn': publisher.sourceArns.length === 1 ? publisher.sourceArns[0] : publisher.sourceArns } }
      : { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  }));
  if (!key) return;
  const sid = publisher.keySid ?? publisher.sid;
  key.addToResourcePolicy(publisher.service === 'events.amazonaws.com' ? eventBridgeTopicKeyStatement(sid)
    : !publisher.keySid ? cloudWatchAlarmsStatement() : new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(publisher.service)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }));
}

/** The publisher grant of CloudWatch alarms of this account (the same sids on topic and key for every alarm topic). */
export const CLOUDWATCH_ALARMS: AlarmTopicPublisher = { sid: 'AllowCloudWatchAlarmsOfThisAccount', service: 'cloudwatch.amazonaws.com' };

/**
 * An alarm topic given by the caller instead of a new one: a topic defined in this app must be
 * KMS-encrypted and gets the CloudWatch grants on its policy and key; an imported one (e.g.
 * `sns.Topic.fromTopicArn`) cannot be inspected or changed here, its owner grants them.
 */
export function existingAlarmTopic(scope: IConstruct, propName: string, topic: sns.ITopic): sns.ITopic {
  requireEncryptedTopic(scope, propName, topic);
  admitPublisher(topic, CLOUDWATCH_ALARMS);
  return topic;
}

/**
 * The SNS topic CloudWatch alarms notify: encrypted with a customer-managed key
 * (whose policy lets CloudWatch of this account use it), TLS-only publishing,
 * publishing by CloudWatch allowed for this account only. One place for every
 * construct that raises alarms.
 */
export function encryptedAlarmTopic(scope: Construct, id: string, props: EncryptedAlarmTopicProps): sns.Topic {
  const topic = new sns.Topic(scope, id, { displayName: props.displayName, masterKey: props.key, enforceSSL: true });
  admitPublisher(topic, CLOUDWATCH_ALARMS, props.key);
  subscribeOrWarn(scope, topic, props);
  return topic;
}

/**
 * Subscribes the emails (each checked under the prop it came from) to a topic that carries alarms
 * or other notices a person must receive, or, with neither emails nor a reason, warns at synth
 * ({@link NO_SUBSCRIBER_WARNING}): every topic the library creates for people goes through here.
 */
export function subscribeOrWarn(scope: IConstruct, topic: sns.Topic, props: Pick<EncryptedAlarmTopicProps, 'emails' | 'noSubscriberReason'>): void {
  const sources: readonly AlarmTopicEmails[] = props.emails === undefined ? [] : 'propName' in props.emails ? [props.emails] : props.emails;
  const count = sources.reduce((n, s) => n + s.addresses.length, 0);
  if (count === 0 && !(props.noSubscriberReason ?? '').trim()) {
    Annotations.of(topic).addWarningV2(NO_SUBSCRIBER_WARNING, `${topic.node.path}: the alarm topic has no subscriber, so its alarms reach nobody; ` +
      `pass ${sources[0]?.propName ?? 'an email'}, subscribe a person or an on-call tool to it, or give the reason it needs none here.`);
  }
  for (const source of sources) {
    for (const email of source.addresses) {
      if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw new HipaaValidationError(scope, source.propName, 'INVALID_VALUE', `${source.propName} has '${email}', which is not an email address.`);
      }
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }
}
