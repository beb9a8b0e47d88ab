import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createApp } from '../../bin/app';
import { CDK_JSON_CONTEXT, synthAndReadReport } from '../helpers';
import { cfnGuardBinary, findingsByBinary, findingsOfGate } from './cfn-guard-binary';

/**
 * The Control Tower controls run in-process (Guard evaluator of
 * @aws/cloudformation-validate); the cfn-guard binary is the reference. Both
 * must report the same control on the same resource of the same template.
 * The negative suite (test/negative/safeguards.test.ts) runs the same
 * comparison over every escape-hatch row.
 *
 * This file's gated synth of the reference app takes `-c alarmTopicArn` (an existing alarm
 * topic), so the app is gated both ways without a third synth: test/app.test.ts without the
 * context (the AlarmEmail parameter), this file with it.
 */
const binary = cfnGuardBinary();
const SKIP = 'SKIPPED: the cfn-guard binary of @cdklabs/cdk-validator-cfnguard cannot run on this platform, nothing to compare with';
if (!binary) console.warn(SKIP);
const withBinary = binary ? describe : describe.skip;

// AWS's documentation example account: no real account id in the repository.
const ON_CALL = 'arn:aws:sns:us-east-1:111122223333:on-call';
const ON_CALL_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const app = createApp({
  outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ct-equivalence-')),
  context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], 'alarmTopicArn': ON_CALL, 'alarmTopicKeyArn': ON_CALL_KEY },
  builtinCloudFormationValidation: false,
});
// The reference app's gate is registered: its report gives the unacknowledged findings; the templates are written either way.
const outcome = synthAndReadReport(app);
const templates = fs.readdirSync(app.outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(app.outdir, f));
const resources = (file: string): any[] => Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).Resources ?? {});

describe('reference app with -c alarmTopicArn (an existing alarm topic)', () => {
  test('zero unacknowledged findings from every plugin of the gate (CloudFormation validation: test/app.test.ts)', () => {
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test('no stack creates an alarm topic, an email subscription or an AlarmEmail parameter', () => {
    for (const file of templates) {
      const template = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect([path.basename(file), template.Parameters?.AlarmEmail]).toEqual([path.basename(file), undefined]);
      // Only the Auto Scaling groups' scaling-event topics remain (HipaaAutoScalingGroup, not alarms).
      const topics = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === 'AWS::SNS::Topic');
      expect([path.basename(file), topics.filter((id) => !/ScalingEvents/.test(id))]).toEqual([path.basename(file), []]);
      expect(resources(file).filter((r) => r.Type === 'AWS::SNS::Subscription')).toEqual([]);
    }
  });

  test('every alarm action and every EventBridge target of every stack is the given topic', () => {
    const all = templates.flatMap(resources);
    const alarms = all.filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(19 + 6); // the trail's, the three-tier stack's
    for (const a of alarms) expect([a.Properties.AlarmActions, a.Properties.OKActions, a.Properties.InsufficientDataActions]).toEqual([[ON_CALL], [ON_CALL], [ON_CALL]]);
    const targets = all.filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern).flatMap((r) => r.Properties.Targets.map((t: any) => t.Arn));
    expect(targets).toEqual(Array(5).fill(ON_CALL)); // four finding routes, the restore-test results
  });

  test('the EMR certificate expiry notice publishes to the topic, its role using the topic\'s key through SNS only', () => {
    const all = templates.flatMap(resources);
    const schedules = all.filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    // The notice and the final reminder.
    expect(schedules.map((r) => r.Properties.Target.Arn)).toEqual([ON_CALL, ON_CALL]);
    const statements = all.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').flatMap((r) => r.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'sns:Publish', Resource: ON_CALL }),
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: ON_CALL_KEY, Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } } }),
    ]));
  });
});

withBinary(`Control Tower controls: in-process engine and cfn-guard binary agree${binary ? '' : ` (${SKIP})`}`, () => {
  test('on the reference app (every control, before acknowledgements)', () => {
    expect(templates).toHaveLength(4); // baseline, three-tier, EMR and the disaster-recovery stack
    // What this file's gated synth reported (the gate's in-process engine; the disabled controls evaluated beside it).
    const inProcess = findingsOfGate(app.outdir, templates);
    expect(inProcess.length).toBeGreaterThan(10); // the acknowledged ones at least: the comparison is not vacuous
    expect(inProcess).toEqual(findingsByBinary(binary!, templates));
  });
});
