import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaKey } from '../../../lib';
import { OrganizationSecurityStack } from '../../../lib/stacks/organization';
import { findings } from '../../../lib/testing';
import { CDK_JSON_CONTEXT, thrownValidationError } from '../../helpers';

describe('OrganizationSecurityStack adopting what the delegated administrator already runs', () => {
  const app = new App({ builtinCloudFormationValidation: false, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const detectorId = '0123456789abcdef0123456789abcdef';
  const stack = new OrganizationSecurityStack(app, 'Security', { existingGuardDutyDetectorId: detectorId, existingSecurityHub: true, alertEmails: ['security@example.com'] });
  const gate = findings(app);
  const template = Template.fromStack(stack);

  test('passes every pack with zero unacknowledged findings', () => {
    expect(gate.findings).toEqual([]);
  });

  test('no second detector: organization auto-enable runs on the existing one', () => {
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.hasResourceProperties('Custom::HipaaOrganizationAdmin', { Operation: 'GuardDutyAutoEnable', DetectorId: detectorId });
    expect(stack.detector).toBeUndefined();
  });

  test('no second hub: members are still auto-enabled with the default standards', () => {
    template.resourceCountIs('AWS::SecurityHub::Hub', 0);
    template.hasResource('AWS::SecurityHub::OrganizationConfiguration', {
      Properties: { AutoEnable: true, AutoEnableStandards: 'DEFAULT' }, DependsOn: Match.absent(),
    });
  });

  test('each adoption is said at synth (info), so the reviewer sees what the stack does not manage', () => {
    const infos = Annotations.fromStack(stack).findInfo('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(infos).toEqual(expect.arrayContaining([expect.stringContaining(`adopting the existing detector ${detectorId}`), expect.stringContaining('adopting the hub')]));
  });

  test('by default both are created, the organization configuration after the hub', () => {
    const fresh = Template.fromStack(new OrganizationSecurityStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Fresh', { alertEmails: ['security@example.com'] }));
    fresh.resourceCountIs('AWS::GuardDuty::Detector', 1);
    fresh.resourceCountIs('AWS::SecurityHub::Hub', 1);
    const hubId = Object.keys(fresh.findResources('AWS::SecurityHub::Hub'))[0];
    expect((Object.values(fresh.findResources('AWS::SecurityHub::OrganizationConfiguration'))[0] as any).DependsOn).toEqual([hubId]);
    fresh.hasResourceProperties('Custom::HipaaOrganizationAdmin', { DetectorId: { Ref: Object.keys(fresh.findResources('AWS::GuardDuty::Detector'))[0] } });
  });

  test.each(['detector-1', 'ABCDEF0123456789ABCDEF0123456789'])('refuses the detector id %j', (bad) => {
    expect(() => new OrganizationSecurityStack(new App(), 'Bad', { existingGuardDutyDetectorId: bad }))
      .toThrow(new RegExp(`existingGuardDutyDetectorId is '${bad}'; pass the 32-character id that \`aws guardduty list-detectors\` prints`));
  });
});

// AWS's documentation example account: no real account id in the repository.
const ON_CALL = 'arn:aws:sns:us-east-1:111122223333:security-on-call';
const newApp = () => new App({ builtinCloudFormationValidation: false, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
/** Every SNS destination of the template: the three action lists of each alarm, the targets of each EventBridge rule. */
function destinations(template: Template): { alarms: unknown[][]; targets: unknown[] } {
  const resources = Object.values(template.toJSON().Resources as Record<string, any>);
  return {
    alarms: resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => [r.Properties.AlarmActions, r.Properties.OKActions, r.Properties.InsufficientDataActions]),
    targets: resources.filter((r) => r.Type === 'AWS::Events::Rule').flatMap((r) => r.Properties.Targets.map((t: any) => t.Arn)),
  };
}
const keyStatements = (template: Template) => Object.values(template.findResources('AWS::KMS::Key')).flatMap((k: any) => k.Properties.KeyPolicy.Statement);

describe('OrganizationSecurityStack with an existing findings topic (findingsTopicArn)', () => {
  const app = newApp();
  const stack = new OrganizationSecurityStack(app, 'Security', { findingsTopicArn: ON_CALL });
  const gate = findings(app);
  const template = Template.fromStack(stack);

  test('passes every pack with zero unacknowledged findings', () => {
    expect(gate.findings).toEqual([]);
  });

  test('creates no topic, no topic policy, no subscription, no findings key and no SecurityAlertEmail parameter', () => {
    for (const type of ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription']) template.resourceCountIs(type, 0);
    expect(template.toJSON().Parameters?.SecurityAlertEmail).toBeUndefined();
    expect(stack.findingsKey).toBeUndefined();
    expect(stack.findingsTopic.topicArn).toBe(ON_CALL);
    expect(JSON.stringify(template.findResources('AWS::KMS::Key'))).not.toContain('security findings topic');
  });

  test('every finding route and the dead-letter alarm (on every state) notify the given topic', () => {
    const { alarms, targets } = destinations(template);
    expect(targets).toEqual([ON_CALL, ON_CALL, ON_CALL, ON_CALL]);
    expect(alarms).toEqual([[[ON_CALL], [ON_CALL], [ON_CALL]]]);
    const sources = Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => r.Properties.EventPattern.source[0]).sort();
    expect(sources).toEqual(['aws.access-analyzer', 'aws.config', 'aws.guardduty', 'aws.securityhub']);
  });

  test('no key of the stack admits EventBridge or CloudWatch (the topic owner grants them)', () => {
    const principals = keyStatements(template).map((s: any) => JSON.stringify(s.Principal));
    expect(principals.filter((p) => /cloudwatch\.amazonaws\.com|events\.amazonaws\.com/.test(p))).toEqual([]);
  });
});

describe('OrganizationSecurityStack findings topic grants', () => {
  test('its own topic admits EventBridge for the four finding rules only (aws:SourceArn), its key EventBridge without the source condition SNS does not support there', () => {
    const template = Template.fromStack(new OrganizationSecurityStack(newApp(), 'Own', { alertEmails: ['security@example.com'] }));
    const ruleIds = Object.keys(template.findResources('AWS::Events::Rule')).sort();
    expect(ruleIds).toHaveLength(4);
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0] as any;
    const events = policy.Properties.PolicyDocument.Statement.filter((s: any) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ Sid: 'AllowEventBridgeFindingRules', Action: 'sns:Publish', Effect: 'Allow' });
    expect(events[0].Condition.ArnEquals['aws:SourceArn'].map((a: any) => a['Fn::GetAtt'][0]).sort()).toEqual(ruleIds);
    // Exactly: aws:SourceAccount / aws:SourceArn here would drop every finding
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    expect(keyStatements(template).filter((st: any) => JSON.stringify(st.Principal).includes('events.amazonaws.com'))).toEqual([{
      Sid: 'AllowEventBridgeOfThisAccount', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
    }]);
    for (const rule of Object.values(template.findResources('AWS::Events::Rule')) as any[]) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^Findings/) } })]);
    }
  });

  test('findingsTopic imported by ARN is the one every route and alarm notifies', () => {
    const app = newApp();
    const topic = sns.Topic.fromTopicArn(new Stack(app, 'Host'), 'OnCall', ON_CALL);
    const template = Template.fromStack(new OrganizationSecurityStack(app, 'Given', { findingsTopic: topic }));
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(template.toJSON().Parameters?.SecurityAlertEmail).toBeUndefined();
    const { alarms, targets } = destinations(template);
    expect(targets).toEqual([ON_CALL, ON_CALL, ON_CALL, ON_CALL]);
    expect(alarms).toEqual([[[ON_CALL], [ON_CALL], [ON_CALL]]]);
  });
});

describe('OrganizationSecurityStack findings topic: bad input', () => {
  const error = thrownValidationError;

  test.each([
    ['not an ARN', 'on-call'],
    ['a queue', 'arn:aws:sqs:us-east-1:111122223333:on-call'],
    ['a FIFO topic', 'arn:aws:sns:us-east-1:111122223333:on-call.fifo'],
  ])('findingsTopicArn that is %s is refused, naming the prop, the value and the fix', (_what, arn) => {
    const e = error(() => new OrganizationSecurityStack(newApp(), 'Bad', { findingsTopicArn: arn }));
    expect([e.prop, e.code]).toEqual(['findingsTopicArn', 'INVALID_VALUE']);
    expect(e.message).toContain(`Bad: findingsTopicArn is '${arn}', which is not the ARN of a standard SNS topic; pass the ARN of a standard SNS topic in the region the stack deploys to`);
    expect(e.message).toContain('-c securityFindingsTopicArn=');
  });

  test('a topic of another region than the stack\'s is refused', () => {
    const e = error(() => new OrganizationSecurityStack(newApp(), 'Bad', { env: { region: 'eu-west-1' }, findingsTopicArn: ON_CALL }));
    expect([e.prop, e.code]).toEqual(['findingsTopicArn', 'INCONSISTENT']);
    expect(e.message).toContain(`findingsTopicArn is '${ON_CALL}', a topic in us-east-1, but the stack deploys to eu-west-1`);
  });

  test('findingsTopic and findingsTopicArn together are refused', () => {
    const app = newApp();
    const topic = sns.Topic.fromTopicArn(new Stack(app, 'Host'), 'OnCall', ON_CALL);
    const e = error(() => new OrganizationSecurityStack(app, 'Bad', { findingsTopic: topic, findingsTopicArn: ON_CALL }));
    expect([e.prop, e.code]).toEqual(['findingsTopicArn', 'INCONSISTENT']);
    expect(e.message).toContain(`findingsTopicArn is '${ON_CALL}' while findingsTopic is given; pass one of them.`);
  });

  test('alertEmails with an existing topic is refused (its subscribers are managed where it is)', () => {
    const e = error(() => new OrganizationSecurityStack(newApp(), 'Bad', { findingsTopicArn: ON_CALL, alertEmails: ['security@example.com'] }));
    expect([e.prop, e.code]).toEqual(['alertEmails', 'INCONSISTENT']);
    expect(e.message).toContain('alertEmails is ["security@example.com"] while findingsTopicArn is given; subscribe people where that topic is managed and drop alertEmails, ' +
      'or leave findingsTopicArn out to get a new topic.');
  });

  test('a findingsTopic of another stack of the app is refused before it makes a reference cycle', () => {
    const app = newApp();
    const host = new Stack(app, 'Host');
    const topic = new sns.Topic(host, 'OnCall', { masterKey: new HipaaKey(host, 'OnCallKey').key });
    const e = error(() => new OrganizationSecurityStack(app, 'Bad', { findingsTopic: topic }));
    expect([e.prop, e.code]).toEqual(['findingsTopic', 'WRONG_PLACEMENT']);
    expect(e.message).toContain('Bad: findingsTopic is Host/OnCall, a topic of stack Host; its policy would name this stack\'s rules and these rules the topic, a reference cycle. ' +
      'Pass its ARN as findingsTopicArn');
  });
});
