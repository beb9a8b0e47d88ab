import { Aspects, Duration, IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { HipaaKey } from '../key';
import { notifyOnEveryState } from '../../lib/alarms/alarm-actions';
import { suppress } from '../../lib/compliance/suppress';
import { hipaaAndNistRuleIds } from '../../lib/compliance/ids';

const SINGLETON_ID = 'CdkHipaaFunctionDeadLetters';
/** Topics given to a stack before its first function created the queue. */
const PENDING_TOPICS = new WeakMap<Stack, sns.ITopic>();

/** How long a failed event is kept: SQS's maximum, time to read it and rerun the change. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * The stack's dead-letter queue for the library's functions. CloudFormation
 * invokes custom-resource functions and AWS Config invokes custom-rule
 * functions asynchronously
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html): when an
 * invocation still fails after Lambda's retries, or is throttled for six hours,
 * Lambda drops the event unless the function has a dead-letter queue
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq).
 * Here it lands in one queue per stack: SSE-KMS with a customer-managed key,
 * TLS-only, kept 14 days, and an alarm as soon as one message is visible,
 * notifying the stack's alarm topic on every state.
 *
 * Lambda sends to the queue with the function's execution role, so each role is
 * granted `sqs:SendMessage` on the queue and `kms:GenerateDataKey` /
 * `kms:Decrypt` on its key, what SQS requires of a producer to an SSE-KMS queue
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#send-to-encrypted-queue);
 * the key policy admits the account's IAM policies (HipaaKey), which is how the
 * role's grant takes effect. EventBridge Scheduler schedules of the library (the
 * EMR certificate expiry notices) send their undeliverable events here too, with
 * their execution role and the same statements.
 */
export class FunctionDeadLetters extends Construct {
  /** The stack's instance, created on first use. */
  public static of(scope: IConstruct): FunctionDeadLetters {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    return existing instanceof FunctionDeadLetters ? existing : new FunctionDeadLetters(stack, SINGLETON_ID);
  }

  /**
   * Routes the alarm of the stack's dead-letter queue to `topic` (the stack's alarm topic): now if
   * the queue exists, else when the first function creates it. The first topic given wins.
   */
  public static routeTo(scope: IConstruct, topic: sns.ITopic): void {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    if (existing instanceof FunctionDeadLetters) existing.notify(topic);
    else if (!PENDING_TOPICS.has(stack)) PENDING_TOPICS.set(stack, topic);
  }

  /** The queue. */
  public readonly queue: sqs.Queue;
  /** Its customer-managed key. */
  public readonly key: kms.IKey;
  /** ApproximateNumberOfMessagesVisible > 0. */
  public readonly alarm: cloudwatch.Alarm;
  private topic?: sns.ITopic;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new HipaaKey(this, 'Key', { description: `cdk-hipaa key for the dead-letter queue of the functions of ${Stack.of(this).stackName}` }).key;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      // Declares the queue a dead-letter queue (it is one, for Lambda): a queue that is none must have one of its
      // own (Control Tower CT.SQS.PR.1). Redrive only moves messages between queues of this account and region.
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    this.alarm = new cloudwatch.Alarm(this, 'MessagesVisible', {
      alarmDescription: 'cdk-hipaa: a function of this stack dropped an event after its retries, or EventBridge Scheduler could not deliver ' +
        'a scheduled notice (the event is in the dead-letter queue); read it, fix the cause and rerun the change (a custom resource), ' +
        'the evaluation (a Config rule) or act on the notice it carries (an EMR certificate expiry).',
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops sending the metric of a queue inactive for six hours: an empty queue is the healthy state, not missing data.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const pending = PENDING_TOPICS.get(Stack.of(this));
    if (pending) this.notify(pending);
    Aspects.of(this).add(new AcknowledgeWhenNoTopic(this));
  }

  /** Notifies `topic` on every state of the alarm (the first topic given wins). */
  public notify(topic: sns.ITopic): void {
    if (this.topic) return;
    this.topic = topic;
    notifyOnEveryState(this.alarm, topic);
  }

  /** True once a topic was given. */
  public get notifies(): boolean {
    return this.topic !== undefined;
  }

  /** The statements a function's role needs to send to the queue. */
  public sendStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({ sid: 'SendToDeadLetterQueue', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
      new iam.PolicyStatement({ sid: 'EncryptDeadLetters', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }),
    ];
  }
}

/** At synth, a stack that routed the alarm nowhere gets a visible acknowledgement saying so. */
class AcknowledgeWhenNoTopic implements IAspect {
  private done = false;
  constructor(private readonly owner: FunctionDeadLetters) {}
  public visit(): void {
    if (this.done || this.owner.notifies) return;
    this.done = true;
    const reason = 'No alarm topic of this stack was given to the dead-letter queue of its functions: the alarm goes to ALARM in the ' +
      'CloudWatch console when a function drops an event, and the event waits 14 days in the encrypted queue, but the alarm notifies no one.';
    for (const rule of ['HipaaGap-CloudWatchAlarmActions', ...hipaaAndNistRuleIds('CloudWatchAlarmAction'), 'ControlTower-CT.CLOUDWATCH.PR.1']) {
      suppress(this.owner.alarm, rule, reason);
    }
  }
}
