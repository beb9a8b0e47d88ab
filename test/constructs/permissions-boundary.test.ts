import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HipaaBackupPlan, HipaaPermissionsBoundary } from '../../lib';
import { AUDIT_TAMPER_ACTION_LIST } from '../../lib/policies/audit-tamper';
import { testStack } from '../helpers';

describe('HipaaPermissionsBoundary', () => {
  const stack = testStack();
  const mine = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  HipaaPermissionsBoundary.applyTo(mine);
  new iam.Role(stack, 'Unbounded', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  new HipaaBackupPlan(stack, 'Backup');
  const template = Template.fromStack(stack);
  const policies = template.findResources('AWS::IAM::ManagedPolicy');
  const [boundaryId, boundary] = Object.entries(policies).find(([id]) => id.startsWith('HipaaPermissionsBoundary'))!;
  const statements = boundary.Properties.PolicyDocument.Statement as Array<Record<string, any>>;

  test('one boundary per stack, however many constructs use it', () => {
    expect(Object.keys(policies).filter((id) => id.startsWith('HipaaPermissionsBoundary'))).toHaveLength(1);
    expect(HipaaPermissionsBoundary.of(mine)).toBe(HipaaPermissionsBoundary.of(stack));
  });

  test('denies every audit-tamper action, unconditionally', () => {
    const denied = statements.filter((s) => s.Effect === 'Deny' && s.Resource === '*' && s.Condition === undefined).flatMap((s) => [].concat(s.Action));
    expect(denied.sort()).toEqual([...AUDIT_TAMPER_ACTION_LIST].sort());
    for (const action of ['logs:PutRetentionPolicy', 'logs:DeleteLogGroup', 'logs:DisassociateKmsKey', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail',
      'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 's3:PutBucketPolicy',
      's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutBucketObjectLockConfiguration', 'backup:DeleteRecoveryPoint', 'backup:DeleteBackupVault',
      'backup:PutBackupVaultAccessPolicy', 'config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'guardduty:DeleteDetector',
      'securityhub:DisableSecurityHub']) {
      expect(denied).toContain(action);
    }
  });

  test('its allow statement only caps (a boundary grants nothing by itself)', () => {
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([{ Sid: 'CapOnly', Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  test('bounds the roles it is applied to and the library\'s own roles, not others', () => {
    const roles = template.findResources('AWS::IAM::Role');
    const boundaryOf = (prefix: string) => Object.entries(roles).find(([id]) => id.startsWith(prefix))![1].Properties.PermissionsBoundary;
    expect(boundaryOf('Mine')).toEqual({ Ref: boundaryId });
    expect(boundaryOf('BackupRole')).toEqual({ Ref: boundaryId });
    expect(boundaryOf('Unbounded')).toBeUndefined();
  });

  test('is not attached as a permission policy to any role', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toContain(boundaryId);
    }
    expect(boundary.Properties.Roles).toBeUndefined();
    expect(Stack.of(HipaaPermissionsBoundary.of(stack)).node.path).toBe('Test');
  });
});
