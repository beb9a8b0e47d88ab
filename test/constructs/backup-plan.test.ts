import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { HipaaBackupPlan, HipaaBucket, HipaaTable } from '../../lib';
import { testStack } from '../helpers';

describe('HipaaBackupPlan defaults', () => {
  const stack = testStack();
  const table = new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const bucket = new HipaaBucket(stack, 'Phi');
  const plan = new HipaaBackupPlan(stack, 'Backup', { resources: [table] });
  plan.addResource(bucket);
  plan.addResource(backup.BackupResource.fromTag('backup', 'hipaa'));
  const template = Template.fromStack(stack);

  test('vault encrypted with a customer-managed key, retained, deleting recovery points denied to everyone', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({
        EncryptionKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(plan.key.node.defaultChild as any), 'Arn'] },
        AccessPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'DenyRecoveryPointDeletion', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' }] },
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.absent() });
  });

  test('the vault key: only the break-glass role of the region may schedule its deletion', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'DenyKeyDeletionExceptBreakGlassRole', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', Match.arrayWith([':role/cdk-hipaa-key-deletion-', { Ref: 'AWS::Region' }])] } } },
      })]) },
    });
  });

  test('the retained vault\'s name ends in the stack instance id (a redeploy after a teardown does not collide), within 50 characters', () => {
    const name = Object.values(template.findResources('AWS::Backup::BackupVault'))[0].Properties.BackupVaultName;
    expect(name).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/^[A-Za-z0-9-]{1,40}-$/),
      { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] }]] });
    expect(name['Fn::Join'][1][0].length + 8).toBeLessThanOrEqual(50);
  });

  test('daily rule kept 35 days, monthly kept six years with cold storage after 90 days', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.anyValue(),
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({ RuleName: 'Monthly', ScheduleExpression: 'cron(0 6 1 * ? *)', Lifecycle: { DeleteAfterDays: 2192, MoveToColdStorageAfterDays: 90 } }),
        ],
      },
    });
  });

  test('one selection per added resource, all through one role AWS Backup alone can assume', () => {
    template.resourceCountIs('AWS::Backup::BackupSelection', 3);
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('RecordsTable'), 'Arn'] }] }) });
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('PhiBucket'), 'Arn'] }] }) });
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ ListOfTags: [Match.objectLike({ ConditionKey: 'backup', ConditionValue: 'hipaa' })] }) });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })] },
      ManagedPolicyArns: Match.arrayWith([Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup'])] })]),
    });
  });
});

describe('HipaaBackupPlan vault lock', () => {
  test('compliance-mode lock bounds', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup', { vaultLock: { minRetention: Duration.days(7), maxRetention: Duration.days(2557), changeableFor: Duration.days(3) } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 2557, ChangeableForDays: 3 } });
  });
});

describe('HipaaBackupPlan rejects bad props', () => {
  test.each<[string, object, RegExp]>([
    ['daily under 7 days', { dailyRetention: Duration.days(3) }, /dailyRetention is 3 days; .*daily backups are kept at least 7 days/],
    ['monthly under six years', { monthlyRetention: Duration.days(365) }, /monthlyRetention is 365 days; use a whole number of days from 2192 .*monthly backups are kept six years/],
    ['cold storage too late', { monthlyRetention: Duration.days(2192), monthlyColdStorageAfter: Duration.days(2150) }, /at least 2240 days/],
    ['lock min above daily', { vaultLock: { minRetention: Duration.days(60) } }, /vaultLock.minRetention is 60 days, longer than dailyRetention \(35 days\)/],
    ['lock max below monthly', { vaultLock: { minRetention: Duration.days(1), maxRetention: Duration.days(365) } }, /vaultLock.maxRetention is 365 days, shorter than monthlyRetention/],
    ['lock grace under 3 days', { vaultLock: { minRetention: Duration.days(1), changeableFor: Duration.days(1) } }, /changeableFor is 1 days; use a whole number of days from 3 /],
  ])('%s', (_name, props, message) => {
    expect(() => new HipaaBackupPlan(testStack(), 'B', props)).toThrow(message);
  });
});
