import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../errors';

/** Id of the CloudFormation parameter that asks for the alarm email at deploy time. */
export const ALARM_EMAIL_PARAMETER = 'AlarmEmail';

/**
 * The alarm destination of a stack: the given emails, else a CloudFormation parameter with no
 * default, so the stack cannot be deployed without someone who receives its alarms while
 * `cdk synth` still needs no value (the same pattern as the certificate ARN).
 */
export function alarmEmailsOrParameter(stack: Stack, emails: readonly string[] | undefined): string[] {
  if (emails && emails.length > 0) return [...emails];
  const parameter = new CfnParameter(stack, ALARM_EMAIL_PARAMETER, {
    type: 'String',
    description: 'Email address that receives this stack\'s security and operational alarms (confirm the subscription email). Required: alarms must reach a person.',
    allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    constraintDescription: 'must be an email address',
  });
  return [parameter.valueAsString];
}

/** A standard SNS topic ARN: partition, region, 12-digit account, topic name (no `.fifo`). */
const TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:([a-z]+(-[a-z]+)+-\d+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/**
 * An existing SNS topic, by ARN, as the alarm destination of `scope`'s stack: checked at synth
 * when the ARN is known (a token passes to deploy time). It must be a standard topic (CloudWatch
 * alarms and the EventBridge routes publish without the message group id a FIFO topic requires)
 * in the stack's region: an EventBridge rule reaches a target of another region only through an
 * event bus (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html), and
 * CloudWatch's PutMetricAlarm refuses an SNS action of another region (observed answer:
 * "ValidationError: Invalid region <topic region> specified. Only <alarm region> is supported";
 * the CloudWatch guide does not state it). The region is compared only when the stack's region
 * is known: an environment-agnostic stack meets that refusal when its alarms are created, and
 * the deployment rolls back. `propName` names the source in the error (a prop or a context key)
 * and `fix` says how to give a good one.
 */
export function alarmTopicFromArn(scope: Construct, id: string, topicArn: string, propName: string, fix = 'pass the ARN of a standard SNS topic in the region the stack deploys to, arn:aws:sns:<region>:<account>:<topic> (the reference app: -c alarmTopicArn=...), whose policy and key admit this account\'s CloudWatch alarms and EventBridge rules (README, "Alarm destination")'): sns.ITopic {
  if (!Token.isUnresolved(topicArn)) {
    const match = TOPIC_ARN.exec(topicArn);
    if (!match) {
      throw new HipaaValidationError(scope, propName, 'INVALID_VALUE', `${propName} is '${topicArn}', which is not the ARN of a standard SNS topic; ${fix}.`);
    }
    const region = Stack.of(scope).region;
    if (!Token.isUnresolved(region) && region !== match[2]) {
      throw new HipaaValidationError(scope, propName, 'INCONSISTENT', `${propName} is '${topicArn}', a topic in ${match[2]}, but the stack deploys to ${region}: ` +
        `CloudWatch alarms and EventBridge rules notify topics of their own region only; ${fix}.`);
    }
  }
  return sns.Topic.fromTopicArn(scope, id, topicArn);
}

/** The props by which a stack takes an existing alarm topic. */
export interface ExistingAlarmTopicProps {
  /** An existing topic. */
  readonly alarmTopic?: sns.ITopic;
  /** The ARN of an existing topic, imported into the stack. */
  readonly alarmTopicArn?: string;
}

/** The prop names (and the ARN's fix) by which a stack takes an existing topic, for its errors. */
export interface ExistingTopicNames {
  /** The prop of an `sns.ITopic`. */
  readonly topic: string;
  /** The prop of the topic's ARN. */
  readonly arn: string;
  /** Id of the imported topic in the stack. */
  readonly id: string;
  /** How to give a good ARN (see {@link alarmTopicFromArn}). @default - the alarm destination's fix */
  readonly fix?: string;
}

/** The names of the workload stacks' alarm topic props. */
const ALARM_TOPIC_NAMES: ExistingTopicNames = { topic: 'alarmTopic', arn: 'alarmTopicArn', id: 'ExistingAlarmTopic' };

/**
 * The existing alarm topic a stack's props give: `alarmTopic`, or `alarmTopicArn` imported into
 * the stack (checked by {@link alarmTopicFromArn}); undefined when neither. Refuses both at
 * once, and either with a prop that subscribes people to a new topic (`subscribers`, by prop
 * name): a given topic's subscribers are managed where the topic is. `names` renames the two
 * props in the errors (e.g. the organization security stack's `findingsTopic` / `findingsTopicArn`).
 */
export function existingAlarmTopicOf(stack: Stack, props: ExistingAlarmTopicProps, subscribers: Record<string, unknown>,
  names: ExistingTopicNames = ALARM_TOPIC_NAMES): sns.ITopic | undefined {
  if (props.alarmTopic && props.alarmTopicArn !== undefined) {
    throw new HipaaValidationError(stack, names.arn, 'INCONSISTENT', `${names.arn} is '${props.alarmTopicArn}' while ${names.topic} is given; pass one of them.`);
  }
  const given = props.alarmTopic ? names.topic : props.alarmTopicArn !== undefined ? names.arn : undefined;
  if (!given) return undefined;
  for (const [propName, value] of Object.entries(subscribers)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new HipaaValidationError(stack, propName, 'INCONSISTENT', `${propName} is ${JSON.stringify(value)} while ${given} is given; ` +
      `subscribe people where that topic is managed and drop ${propName}, or leave ${given} out to get a new ${names === ALARM_TOPIC_NAMES ? 'alarm ' : ''}topic.`);
  }
  return props.alarmTopic ?? alarmTopicFromArn(stack, names.id, props.alarmTopicArn!, names.arn, names.fix);
}
