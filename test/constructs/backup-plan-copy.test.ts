import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HipaaBackupPlan, HipaaValidationError } from '../../lib';
import { DisasterRecoveryNames } from '../../lib/stacks/disaster-recovery/names';
import { testApp, testStack } from '../helpers';

describe('HipaaBackupPlan copies to the DR region', () => {
  const stack = testStack();
  const names = new DisasterRecoveryNames({ region: 'us-west-2', prefix: 'acme' });
  new HipaaBackupPlan(stack, 'Plan', { copyTo: { backupVaultArn: names.backupVaultArn } });
  const plan = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupPlan'))[0] as any;
  const rule = (name: string) => plan.Properties.BackupPlan.BackupPlanRule.find((r: any) => r.RuleName === name);
  const vaultArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-west-2:', { Ref: 'AWS::AccountId' }, ':backup-vault:acme-disaster-recovery']] };

  test('daily recovery points are copied to the DR vault and kept as long (35 days)', () => {
    expect(rule('Daily').CopyActions).toEqual([{ DestinationBackupVaultArn: vaultArn, Lifecycle: { DeleteAfterDays: 35 } }]);
    expect(rule('Daily').Lifecycle).toEqual({ DeleteAfterDays: 35 });
  });

  test('monthly recovery points are copied, kept six years, cold after 90 days, like the originals', () => {
    expect(rule('Monthly').CopyActions).toEqual([{ DestinationBackupVaultArn: vaultArn, Lifecycle: { DeleteAfterDays: 2192, MoveToColdStorageAfterDays: 90 } }]);
    expect(rule('Monthly').Lifecycle).toEqual({ DeleteAfterDays: 2192, MoveToColdStorageAfterDays: 90 });
  });

  test('without copyTo, nothing leaves the region', () => {
    const plain = testStack();
    new HipaaBackupPlan(plain, 'Plan');
    const rules = (Object.values(Template.fromStack(plain).findResources('AWS::Backup::BackupPlan'))[0] as any).Properties.BackupPlan.BackupPlanRule;
    for (const r of rules) expect(r.CopyActions).toBeUndefined();
  });
});

describe('HipaaBackupPlan copyTo: bad input', () => {
  const build = (arn: string, region?: string) => () => new HipaaBackupPlan(new Stack(testApp(), 'S', { env: region ? { region } : undefined }), 'P', { copyTo: { backupVaultArn: arn } });
  test('a vault name for an ARN', () => {
    expect(build('dr-vault')).toThrow(HipaaValidationError);
    expect(build('dr-vault')).toThrow(/copyTo.backupVaultArn is 'dr-vault'; give the ARN of the destination vault/);
  });
  test('a vault of this stack\'s region', () => {
    expect(build('arn:aws:backup:eu-west-1:111122223333:backup-vault:dr', 'eu-west-1')).toThrow(/in 'eu-west-1', this stack's own region/);
  });
  test('a literal ARN of another region is accepted', () => {
    expect(build('arn:aws:backup:eu-west-1:111122223333:backup-vault:dr', 'eu-central-1')).not.toThrow();
  });
});
