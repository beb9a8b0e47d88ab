import { CfnElement, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaBackupPlan, HipaaBucket, HipaaKey, HipaaRestoreTesting, HipaaTable, HipaaValidationError } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { testStack } from '../helpers';

describe('HipaaRestoreTesting', () => {
  const stack = testStack();
  const plan = new HipaaBackupPlan(stack, 'Backup');
  const table = new HipaaTable(stack, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const key = new HipaaKey(stack, 'AlarmKey');
  const topic = new sns.Topic(stack, 'Alarms', { masterKey: key.key });
  const tests = new HipaaRestoreTesting(stack, 'RestoreTesting', {
    vault: plan.vault, role: plan.role, topic, topicKey: key.key,
    targets: [{ resourceType: 'DynamoDB', resourceArns: [table.table.tableArn] }],
  });
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  const ofType = (t: string) => Object.values(json.Resources as Record<string, any>).filter((r) => r.Type === t);
  const id = (c: any) => stack.getLogicalId(c);

  test('a weekly plan restores the latest snapshot of the last 7 days from the plan\'s vault', () => {
    const [p] = ofType('AWS::Backup::RestoreTestingPlan');
    expect(p.Properties.ScheduleExpression).toBe('cron(0 7 ? * SUN *)');
    expect(p.Properties.RecoveryPointSelection).toEqual({
      Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: [{ 'Fn::GetAtt': [id(plan.vault.node.defaultChild), 'BackupVaultArn'] }],
      RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 7,
    });
    expect(p.Properties.RestoreTestingPlanName).toMatch(/^[A-Za-z0-9_]{1,50}$/);
  });

  test('the selection restores the table with the backup role, kept 24 hours for validation', () => {
    const [s] = ofType('AWS::Backup::RestoreTestingSelection');
    expect(s.Properties).toMatchObject({
      ProtectedResourceType: 'DynamoDB', ProtectedResourceArns: [{ 'Fn::GetAtt': [id(table.table.node.defaultChild), 'Arn'] }],
      IamRoleArn: { 'Fn::GetAtt': [id(plan.role.node.defaultChild), 'Arn'] }, ValidationWindowHours: 24,
      RestoreTestingPlanName: ofType('AWS::Backup::RestoreTestingPlan')[0].Properties.RestoreTestingPlanName,
    });
    expect(s.DependsOn).toContain(id(tests.plan));
  });

  test('every restore job state change goes to the alarm topic, which EventBridge of this rule only may publish to', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.backup'], 'detail-type': ['Restore Job State Change'] },
      Targets: [{ Arn: { Ref: id(topic.node.defaultChild) }, Id: 'Target0' }],
    });
    const statements = ofType('AWS::SNS::TopicPolicy').flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.find((s: any) => s.Sid === 'AllowEventBridgeRestoreResults')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [id(tests.resultsRule.node.defaultChild), 'Arn'] } } },
    });
    const keyStatements = ofType('AWS::KMS::Key').flatMap((k) => k.Properties.KeyPolicy.Statement);
    // Exactly, without aws:SourceAccount: SNS does not support source conditions on the key for EventBridge-to-encrypted
    // topics (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    expect(keyStatements.find((s: any) => s.Sid === 'AllowEventBridgeRestoreResults')).toEqual({
      Sid: 'AllowEventBridgeRestoreResults', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
    });
  });

  test('bad input: a validation window AWS Backup refuses, no targets', () => {
    const s = testStack();
    const p = new HipaaBackupPlan(s, 'B');
    const k = new HipaaKey(s, 'K');
    const t = new sns.Topic(s, 'T', { masterKey: k.key });
    const base = { vault: p.vault, role: p.role, topic: t, topicKey: k.key, targets: [{ resourceType: 'S3', resourceArns: ['arn:aws:s3:::b'] }] };
    expect(() => new HipaaRestoreTesting(s, 'R1', { ...base, validationWindow: Duration.days(8) })).toThrow(HipaaValidationError);
    expect(() => new HipaaRestoreTesting(s, 'R2', { ...base, validationWindow: Duration.days(8) })).toThrow(/validationWindow is 192 hours/);
    expect(() => new HipaaRestoreTesting(s, 'R3', { ...base, targets: [] })).toThrow(/targets is empty/);
  });
});

describe('HipaaRestoreTesting of an S3 bucket (as the reference app tests the PHI bucket)', () => {
  // S3 restore tests restore into a new bucket, awsbackup-restore-test-<random>, which AWS Backup creates and versions
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html,
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html): the role must not be denied that.
  const stack = testStack();
  const plan = new HipaaBackupPlan(stack, 'Backup');
  const bucket = new HipaaBucket(stack, 'Phi');
  plan.addResource(bucket);
  const key = new HipaaKey(stack, 'AlarmKey');
  new HipaaRestoreTesting(stack, 'RestoreTesting', {
    vault: plan.vault, role: plan.role, topic: new sns.Topic(stack, 'Alarms', { masterKey: key.key }),
    targets: [{ resourceType: 'S3', resourceArns: [bucket.bucket.bucketArn] }],
  });
  const json = Template.fromStack(stack).toJSON();
  const roleId = stack.getLogicalId(plan.role.node.defaultChild as CfnElement);

  test('the S3 selection restores with the backup plan\'s role, bounded by the backup-service boundary', () => {
    const selection = Object.values(json.Resources as Record<string, any>).find((r) => r.Type === 'AWS::Backup::RestoreTestingSelection')!;
    expect(selection.Properties).toMatchObject({ ProtectedResourceType: 'S3', IamRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    expect(json.Resources[roleId].Properties.PermissionsBoundary.Ref).toMatch(/^HipaaPermissionsBoundaryBackupService/);
  });

  test('that role may restore into the new bucket: HipaaGap-BackupS3RestorePermitted holds on it', () => {
    expect(rules.BackupS3RestorePermitted.evaluate({ logicalId: roleId, resource: json.Resources[roleId], template: json })).toBe(rules.RuleVerdict.COMPLIANT);
  });
});
