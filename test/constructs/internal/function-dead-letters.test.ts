import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { applyHipaaChecks, HipaaKey } from '../../../lib';
import { FunctionDeadLetters } from '../../../constructs/internal/function-dead-letters';
import { HardenedFunction } from '../../../constructs/internal/hardened-function';
import { findings } from '../../../lib/testing';
import { testApp } from '../../helpers';

const entry = path.join(__dirname, '..', '..', '..', 'constructs', 'config-rules', 'log-retention-rule-handler');
const fn = (stack: Stack, id: string) => new HardenedFunction(stack, id, {
  entry, description: `test ${id}`, invocationReason: 'Invoked by AWS Config for the test.', outsideVpcReason: 'Calls only AWS APIs in the test.',
});

describe('FunctionDeadLetters', () => {
  const app = testApp();
  // A stack routed to its alarm topic before its first function, one routed after, one never routed.
  const routed = new Stack(app, 'Routed');
  const topic = new sns.Topic(routed, 'Alarms', { masterKey: new HipaaKey(routed, 'TopicKey').key, enforceSSL: true });
  FunctionDeadLetters.routeTo(routed, topic);
  const one = fn(routed, 'One');
  const two = fn(routed, 'Two');
  const late = new Stack(app, 'Late');
  fn(late, 'Fn');
  FunctionDeadLetters.routeTo(late, new sns.Topic(late, 'Alarms', { masterKey: new HipaaKey(late, 'TopicKey').key, enforceSSL: true }));
  const unrouted = new Stack(app, 'Unrouted');
  fn(unrouted, 'Fn');
  applyHipaaChecks(app);
  const template = Template.fromStack(routed);
  const dlq = FunctionDeadLetters.of(routed);
  const id = (c: { node: { defaultChild?: unknown } }) => routed.resolve((c.node.defaultChild as any).logicalId);
  const queueId = id(dlq.queue);
  const keyId = id(dlq.key as kms.Key);

  test('one queue per stack, every function of the stack sends its dropped events to it', () => {
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toEqual([queueId]);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } } }, 2);
    expect([one.function.deadLetterQueue, two.function.deadLetterQueue]).toEqual([dlq.queue, dlq.queue]);
  });

  test('the queue: SSE-KMS with a customer-managed key that rotates, 14 days, TLS only', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      MessageRetentionPeriod: 1209600,
      RedriveAllowPolicy: { redrivePermission: 'allowAll' },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('dead-letter queue') });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('each role may send to the queue and use its key for that, nothing more on them', () => {
    for (const f of [one, two]) {
      const statements = routed.resolve(f.policy.document.toJSON()).Statement as Array<Record<string, any>>;
      expect(statements).toEqual(expect.arrayContaining([
        { Sid: 'SendToDeadLetterQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        { Sid: 'EncryptDeadLetters', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      ]));
    }
  });

  test('an alarm as soon as one message is visible notifies the alarm topic on ALARM, OK and INSUFFICIENT_DATA', () => {
    const topicRef = { Ref: id(topic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef], OKActions: [topicRef], InsufficientDataActions: [topicRef],
    });
    Template.fromStack(late).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', AlarmActions: Match.anyValue() });
  });

  test('the functions carry no dead-letter acknowledgement and the stacks no finding', () => {
    for (const stack of [routed, late, unrouted]) {
      const result = findings(stack);
      expect(result.findings.map((f) => `${f.rule} ${f.constructPaths.join(',')}`)).toEqual([]);
      expect(result.acknowledgements.filter((a) => /LambdaDLQ|SQS/.test(a.rule))).toEqual([]);
    }
  });

  test('a stack that routes the alarm nowhere says so in a visible acknowledgement; a routed one carries none', () => {
    const ack = (stack: Stack) => findings(stack).acknowledgements.filter((a) => /CloudWatchAlarmAction|CT\.CLOUDWATCH/.test(a.rule));
    expect(ack(unrouted).map((a) => a.rule.replace(/^[A-Za-z]+::/, '')).sort()).toEqual(['ControlTower-CT.CLOUDWATCH.PR.1', 'HIPAA.Security-CloudWatchAlarmAction',
      'HipaaGap-CloudWatchAlarmActions', 'NIST.800.53.R5-CloudWatchAlarmAction']);
    for (const a of ack(unrouted)) {
      expect([a.constructPath, a.reason]).toEqual(['Unrouted/CdkHipaaFunctionDeadLetters/MessagesVisible', expect.stringMatching(/No alarm topic of this stack .* notifies no one/)]);
    }
    expect(ack(routed)).toEqual([]);
    expect(ack(late)).toEqual([]);
  });

  test('the reserved-concurrency acknowledgement cites Lambda\'s unreserved minimum', () => {
    const reasons = findings(routed).acknowledgements.filter((a) => a.rule === 'HIPAA.Security-LambdaConcurrency').map((a) => a.reason);
    expect(reasons.length).toBe(2);
    for (const r of reasons) expect(r).toMatch(/at least 100 of the account's concurrency unreserved/);
  });
});
