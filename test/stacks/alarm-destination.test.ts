import { Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaBaselineStack, HipaaKey, HipaaTrail, HipaaValidationError, ThreeTierStack } from '../../lib';
import { createApp, referenceStackProps } from '../../bin/app';
import { CDK_JSON_CONTEXT, testApp, testStack, thrownValidationError } from '../helpers';

// AWS's documentation example account: no real account id in the repository.
const ON_CALL = 'arn:aws:sns:us-east-1:111122223333:on-call';

/** Every SNS destination of the template: the three action lists of each alarm, the targets of each EventBridge rule. */
function destinations(template: Template): { alarms: unknown[][]; targets: unknown[] } {
  const resources = Object.values(template.toJSON().Resources as Record<string, any>);
  return {
    alarms: resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => [r.Properties.AlarmActions, r.Properties.OKActions, r.Properties.InsufficientDataActions]),
    targets: resources.filter((r) => r.Type === 'AWS::Events::Rule').flatMap((r) => r.Properties.Targets.map((t: any) => t.Arn)),
  };
}

describe('HipaaBaselineStack with an existing alarm topic (alarmTopicArn)', () => {
  const stack = new HipaaBaselineStack(testApp(), 'Baseline', { alarmTopicArn: ON_CALL });
  const template = Template.fromStack(stack);

  test('creates no topic, no topic policy, no subscription and no AlarmEmail parameter', () => {
    for (const type of ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription']) template.resourceCountIs(type, 0);
    expect(template.toJSON().Parameters?.AlarmEmail).toBeUndefined();
    expect(stack.trail.alarmTopic.topicArn).toBe(ON_CALL);
  });

  test('every alarm of the stack notifies the topic on ALARM, OK and INSUFFICIENT_DATA; every finding route targets it', () => {
    const { alarms, targets } = destinations(template);
    expect(Object.keys(stack.trail.alarms).length).toBe(22);
    expect(alarms.length).toBeGreaterThanOrEqual(22); // the trail's, and any other alarm of the stack
    for (const actions of alarms) expect(actions).toEqual([[ON_CALL], [ON_CALL], [ON_CALL]]);
    expect(targets).toEqual([ON_CALL, ON_CALL, ON_CALL, ON_CALL]);
    expect(stack.findingRules).toHaveLength(4);
  });

  test('the audit key admits neither CloudWatch alarms nor EventBridge (it encrypts no topic now)', () => {
    const statements = Object.values(template.findResources('AWS::KMS::Key')).flatMap((k: any) => k.Properties.KeyPolicy.Statement);
    const principals = statements.map((s: any) => JSON.stringify(s.Principal));
    expect(principals.filter((p) => /cloudwatch\.amazonaws\.com|events\.amazonaws\.com/.test(p))).toEqual([]);
  });
});

describe('ThreeTierStack with an existing alarm topic (alarmTopic), restore-test results included', () => {
  const app = testApp();
  const threeTier = new ThreeTierStack(app, 'ThreeTier', { alarmTopic: sns.Topic.fromTopicArn(new Stack(app, 'Host'), 'OnCall', ON_CALL) });
  const template = Template.fromStack(threeTier);

  test('creates no topic (the tiers\' scaling events go to the given one too), no alarm key and no AlarmEmail parameter', () => {
    for (const type of ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy']) template.resourceCountIs(type, 0);
    const groups = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'));
    expect(groups.map((g) => g.Properties.NotificationConfigurations.map((n: any) => n.TopicARN))).toEqual([[ON_CALL], [ON_CALL]]);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    expect(threeTier.alarmKey).toBeUndefined();
    expect(JSON.stringify(template.findResources('AWS::KMS::Alias'))).not.toContain('/alarms');
    expect(template.toJSON().Parameters?.AlarmEmail).toBeUndefined();
  });

  test('every alarm notifies the given topic on every state; the restore-test results reach it', () => {
    const { alarms, targets } = destinations(template);
    expect(alarms.length).toBeGreaterThanOrEqual(6);
    for (const actions of alarms) expect(actions).toEqual([[ON_CALL], [ON_CALL], [ON_CALL]]);
    expect(targets).toEqual([ON_CALL]);
  });

  test('no key of the stack admits EventBridge or CloudWatch (the topic owner grants them)', () => {
    const principals = Object.values(template.findResources('AWS::KMS::Key')).flatMap((k: any) => k.Properties.KeyPolicy.Statement).map((s: any) => JSON.stringify(s.Principal));
    expect(principals.filter((p) => /cloudwatch\.amazonaws\.com|events\.amazonaws\.com/.test(p))).toEqual([]);
  });
});

describe('an alarm topic defined in the app', () => {
  test('gets the CloudWatch grants on its policy and on its key', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'OnCallKey');
    const topic = new sns.Topic(stack, 'OnCall', { masterKey: key.key });
    new HipaaTrail(stack, 'Trail', { alarmTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const cloudWatch = { Sid: 'AllowCloudWatchAlarmsOfThisAccount', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ ...cloudWatch, Action: 'sns:Publish' })]) } });
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ ...cloudWatch, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) } });
  });

  test('without a KMS key is refused', () => {
    const stack = testStack();
    expect(() => new HipaaTrail(stack, 'Trail', { alarmTopic: new sns.Topic(stack, 'Plain') })).toThrow(/Trail: alarmTopic is .*Plain, which has no KMS key/);
  });
});

describe('alarmTopicArn is checked at synth', () => {
  const error = thrownValidationError;

  test.each([
    ['not an ARN', 'on-call'],
    ['a queue', 'arn:aws:sqs:us-east-1:111122223333:on-call'],
    ['a FIFO topic', 'arn:aws:sns:us-east-1:111122223333:on-call.fifo'],
    ['no account', 'arn:aws:sns:us-east-1::on-call'],
  ])('%s is refused, naming the prop, the value and the fix', (_what, arn) => {
    const e = error(() => new HipaaBaselineStack(testApp(), 'B', { alarmTopicArn: arn }));
    expect(HipaaValidationError.isHipaaValidationError(e)).toBe(true);
    expect([e.prop, e.code]).toEqual(['alarmTopicArn', 'INVALID_VALUE']);
    expect(e.message).toContain(`B: alarmTopicArn is '${arn}', which is not the ARN of a standard SNS topic; pass the ARN of a standard SNS topic in the region the stack deploys to`);
  });

  test('a topic of another region than the stack\'s is refused', () => {
    const e = error(() => new HipaaBaselineStack(testApp(), 'B', { env: { region: 'eu-west-1' }, alarmTopicArn: ON_CALL }));
    expect([e.prop, e.code]).toEqual(['alarmTopicArn', 'INCONSISTENT']);
    expect(e.message).toMatch(/alarmTopicArn is 'arn:aws:sns:us-east-1:111122223333:on-call', a topic in us-east-1, but the stack deploys to eu-west-1/);
  });

  test('the same region, and a token, pass', () => {
    expect(() => new HipaaBaselineStack(testApp(), 'B', { env: { region: 'us-east-1' }, alarmTopicArn: ON_CALL })).not.toThrow();
    const stack = new HipaaBaselineStack(testApp(), 'T', { alarmTopicArn: Fn.importValue('on-call-topic-arn') });
    expect(destinations(Template.fromStack(stack)).targets).toEqual(Array(4).fill({ 'Fn::ImportValue': 'on-call-topic-arn' }));
  });

  test('an existing topic with alarm emails, or by both props, is refused', () => {
    expect(error(() => new HipaaBaselineStack(testApp(), 'B', { alarmTopicArn: ON_CALL, alarmEmails: ['soc@example.com'] })).message)
      .toMatch(/B: alarmEmails is \["soc@example.com"\] while alarmTopicArn is given; subscribe people where that topic is managed/);
    const stack = testStack();
    expect(error(() => new HipaaTrail(stack, 'T', { alarmTopic: sns.Topic.fromTopicArn(stack, 'I', ON_CALL), alarmEmails: ['soc@example.com'] })).prop).toBe('alarmEmails');
    const app = testApp();
    const host = new Stack(app, 'Host');
    expect(error(() => new HipaaBaselineStack(app, 'B', { alarmTopicArn: ON_CALL, alarmTopic: sns.Topic.fromTopicArn(host, 'I', ON_CALL) })).message)
      .toMatch(/alarmTopicArn is '.*' while alarmTopic is given; pass one of them/);
  });
});

describe('ThreeTierStack names the alarm email prop a bad address came from', () => {
  test.each([
    [{ alarmEmails: ['ops@example.com'], alarmEmail: 'ops team' }, 'alarmEmail', /alarmEmail has 'ops team', which is not an email address/],
    [{ alarmEmails: ['ops team'], alarmEmail: 'ops@example.com' }, 'alarmEmails', /alarmEmails has 'ops team', which is not an email address/],
  ])('%j', (props, prop, message) => {
    const caught = thrownValidationError(() => new ThreeTierStack(testApp(), 'Bad', props));
    expect(caught.prop).toBe(prop);
    expect(caught.message).toMatch(message);
  });
});

describe('the reference app takes the alarm topic from context', () => {
  const context = (values: Record<string, string>) => (name: string): string | undefined => values[name];

  test('-c alarmTopicArn goes to the baseline and three-tier stacks instead of the alarm email', () => {
    const props = referenceStackProps(context({ alarmTopicArn: ON_CALL }));
    expect([props.baseline.alarmTopicArn, props.baseline.alarmEmails, props.threeTier.alarmTopicArn, props.threeTier.alarmEmails]).toEqual([ON_CALL, undefined, ON_CALL, undefined]);
    const emailed = referenceStackProps(context({ alarmEmail: 'soc@example.com' }));
    expect([emailed.baseline.alarmTopicArn, emailed.baseline.alarmEmails, emailed.threeTier.alarmEmails]).toEqual([undefined, ['soc@example.com'], ['soc@example.com']]);
  });

  test('a bad -c alarmTopicArn fails synth naming the context key, the value and the fix', () => {
    expect(() => createApp({ context: { ...CDK_JSON_CONTEXT, alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:on-call.fifo' } }))
      .toThrow(/CdkHipaaBaseline: alarmTopicArn is 'arn:aws:sns:us-east-1:111122223333:on-call.fifo', which is not the ARN of a standard SNS topic; .*-c alarmTopicArn=/);
  });

  test('-c alarmTopicKeyArn goes to the EMR stack (its notice\'s role) with -c alarmTopicArn, and is refused without it', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const props = referenceStackProps(context({ alarmTopicArn: ON_CALL, alarmTopicKeyArn: key }));
    expect([props.emr.alarmTopicArn, props.emr.alarmTopicKeyArn, props.emr.alarmEmails]).toEqual([ON_CALL, key, undefined]);
    expect(() => referenceStackProps(context({ alarmTopicKeyArn: key })))
      .toThrow(/^alarmTopicKeyArn is 'arn:aws:kms:.*' without alarmTopicArn; give -c alarmTopicArn=<the topic that key encrypts>/);
  });

  test('-c keyDeletionApprovers: only those roles may assume the break-glass role; absent, the baseline keeps its default', () => {
    const approvers = 'arn:aws:iam::111122223333:role/SecurityOfficer, arn:aws:iam::111122223333:role/team/Compliance';
    const props = referenceStackProps(context({ keyDeletionApprovers: approvers }));
    expect(props.baseline.keyDeletionApprovers?.map((p) => (p as iam.ArnPrincipal).arn))
      .toEqual(['arn:aws:iam::111122223333:role/SecurityOfficer', 'arn:aws:iam::111122223333:role/team/Compliance']);
    expect(referenceStackProps(context({})).baseline.keyDeletionApprovers).toBeUndefined();
  });

  test.each([
    ['arn:aws:iam::111122223333:user/alice', /^keyDeletionApprovers has 'arn:aws:iam::111122223333:user\/alice', which is not an IAM role ARN; give comma-separated IAM role ARNs/],
    ['arn:aws:iam::111122223333:root', /^keyDeletionApprovers has 'arn:aws:iam::111122223333:root', which is not an IAM role ARN/],
    ['arn:aws:iam::111122223333:role/SecurityOfficer,SecurityOfficer', /^keyDeletionApprovers has 'SecurityOfficer', which is not an IAM role ARN/],
    [' , ', /^keyDeletionApprovers is ' , ', which names no role; give comma-separated IAM role ARNs/],
  ])('-c keyDeletionApprovers=%s is refused with the value and the fix', (value, message) => {
    const caught = thrownValidationError(() => referenceStackProps(context({ keyDeletionApprovers: value })));
    expect(caught.prop).toBe('keyDeletionApprovers');
    expect(caught.message).toMatch(message);
  });

  test('-c alarmTopicArn with -c alarmEmail is refused', () => {
    expect(() => referenceStackProps(context({ alarmTopicArn: ON_CALL, alarmEmail: 'soc@example.com' })))
      .toThrow(/^alarmEmail is 'soc@example.com' while alarmTopicArn is given; subscribe people to that topic where it is managed and drop -c alarmEmail/);
  });
});
