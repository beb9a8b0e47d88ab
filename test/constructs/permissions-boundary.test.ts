import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HipaaBackupPlan, HipaaPermissionsBoundary, HipaaValidationError } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { BOUNDARY_PROFILE_ACTIONS } from '../../constructs/permissions-boundary/profiles';
import { AUDIT_TAMPER_ACTION_LIST } from '../../lib/policies/audit-tamper';
import { RESTORE_BUCKET_PREFIX, S3_RESTORE_ACTIONS, S3_RESTORE_TAMPER_ACTIONS } from '../../lib/policies/backup-restore';
import { NAME_RULES } from '../../constructs/validation';
import { AWS_MANAGED_POLICY_ACTIONS, boundaryAllows, boundaryGaps } from '../boundary-coverage';
import { judge, render } from '../s3-policy-eval';
import { testApp, testStack } from '../helpers';

describe('HipaaPermissionsBoundary', () => {
  const stack = testStack();
  const mine = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  HipaaPermissionsBoundary.applyTo(mine);
  HipaaPermissionsBoundary.of(stack).allowActions(['sqs:ReceiveMessage', 'sqs:DeleteMessage']);
  new iam.Role(stack, 'Unbounded', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  new HipaaBackupPlan(stack, 'Backup');
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  const policies = template.findResources('AWS::IAM::ManagedPolicy');
  const boundaryEntry = (prefix: string) => Object.entries(policies).find(([id]) => id.startsWith(prefix))!;
  const [boundaryId, boundary] = boundaryEntry('HipaaPermissionsBoundaryPolicy');
  const statements = boundary.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
  const allowOf = (doc: any) => (doc.Statement as Array<Record<string, any>>).filter((s) => s.Effect === 'Allow');

  test('one boundary per stack and profile, however many constructs use it', () => {
    expect(Object.keys(policies).filter((id) => id.startsWith('HipaaPermissionsBoundaryPolicy'))).toHaveLength(1);
    expect(Object.keys(policies).filter((id) => id.startsWith('HipaaPermissionsBoundaryBackupService'))).toHaveLength(1);
    expect(HipaaPermissionsBoundary.of(mine)).toBe(HipaaPermissionsBoundary.of(stack));
    expect(HipaaPermissionsBoundary.of(mine, 'backup-service')).not.toBe(HipaaPermissionsBoundary.of(stack));
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

  test('every profile also denies the audit-tamper actions', () => {
    const backup = boundaryEntry('HipaaPermissionsBoundaryBackupService')[1].Properties.PolicyDocument.Statement as Array<Record<string, any>>;
    expect(backup.filter((s) => s.Effect === 'Deny').flatMap((s) => [].concat(s.Action)).sort()).toEqual([...AUDIT_TAMPER_ACTION_LIST].sort());
  });

  describe('the backup-service boundary lets AWS Backup restore S3 data into a new bucket, and nothing more', () => {
    // An S3 restore into a new bucket creates it and turns versioning on (AWSBackupServiceRolePolicyForS3Restore,
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html); restore testing names that bucket
    // awsbackup-restore-test-<random> (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html).
    // Judged by the test evaluator (test/s3-policy-eval.ts), not by the rule's own, with every statement applying to the role.
    const asRole = (statements: Array<Record<string, any>>) => render(statements.map((st) => ({ ...st, Principal: '*' })), json.Resources);
    const backupBoundary = asRole(boundaryEntry('HipaaPermissionsBoundaryBackupService')[1].Properties.PolicyDocument.Statement);
    const workloadBoundary = asRole(statements);
    const bucket = (name: string) => `arn:<AWS::Partition>:s3:::${name}`;
    const onBucket = (policy: any[], action: string, resource: string) => judge(policy, { action, resource, context: {} });
    const restoreTest = bucket('awsbackup-restore-test-1a2b3c');
    const objectOf = (arn: string) => `${arn}/records/patient-1.json`;

    test('every action of the S3 restore policy is allowed on the bucket a restore test creates', () => {
      expect(AWS_MANAGED_POLICY_ACTIONS.AWSBackupServiceRolePolicyForS3Restore.actions.filter((a) => a.startsWith('s3:'))
        .map((a) => [a, onBucket(backupBoundary, a, /Bucket/.test(a) ? restoreTest : objectOf(restoreTest))])
        .filter(([, verdict]) => verdict !== 'allowed')).toEqual([]);
    });

    test('only s3:PutBucketVersioning is carved out, only on awsbackup-restore-* buckets', () => {
      expect(S3_RESTORE_TAMPER_ACTIONS).toEqual(['s3:PutBucketVersioning']);
      const carveOut = backupBoundary.filter((st: any) => st.NotResource !== undefined);
      expect(carveOut).toEqual([{ Sid: 'DenyAuditTamperOutsideRestoreBuckets', Effect: 'Deny', Action: 's3:PutBucketVersioning', NotResource: bucket('awsbackup-restore-*'), Principal: '*' }]);
    });

    test.each(['cdkhipaabaseline-trailbucket1a2b-3c4d', 'cdkhipaabaseline-configdeliverybucket-5e6f', 'cdk-hipaa-trail-111122223333-us-west-2', 'clinic-patient-records'])(
      'versioning, lifecycle, policy and Object Lock of %s (an audit, replica or PHI bucket) stay denied to the backup role', (name) => {
        for (const action of ['s3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketObjectLockConfiguration']) {
          expect([action, onBucket(backupBoundary, action, bucket(name))]).toEqual([action, 'denied']);
        }
      });

    test('on the restore bucket itself, lifecycle, policy and Object Lock stay denied; the workload boundary denies versioning there too', () => {
      for (const action of ['s3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention']) {
        expect([action, onBucket(backupBoundary, action, action === 's3:BypassGovernanceRetention' ? objectOf(restoreTest) : restoreTest)]).toEqual([action, 'denied']);
      }
      expect(onBucket(workloadBoundary, 's3:PutBucketVersioning', restoreTest)).toBe('denied');
    });

    test('the rule the gate runs agrees: the backup role can restore S3 data (HipaaGap-BackupS3RestorePermitted)', () => {
      const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.startsWith('BackupRole'))!;
      expect(rules.BackupS3RestorePermitted.evaluate({ logicalId: roleId, resource: json.Resources[roleId], template: json })).toBe(rules.RuleVerdict.COMPLIANT);
    });

    test('the restore actions the rule checks are the pinned AWSBackupServiceRolePolicyForS3Restore document\'s', () => {
      expect([...S3_RESTORE_ACTIONS].sort()).toEqual([...AWS_MANAGED_POLICY_ACTIONS.AWSBackupServiceRolePolicyForS3Restore.actions].sort());
    });
  });

  test('its one allow statement caps to a list: no *, no service:*, no NotAction', () => {
    const allow = allowOf(boundary.Properties.PolicyDocument);
    expect(allow).toHaveLength(1);
    expect(allow[0].NotAction).toBeUndefined();
    expect(allow[0].Resource).toBe('*');
    for (const action of allow[0].Action as string[]) {
      expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+\*?$/);
    }
    expect(allow[0].Action).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:Decrypt', 'xray:PutTraceSegments', 'sqs:SendMessage']));
    expect(allow[0].Action).not.toContain('iam:CreateRole');
    expect(allow[0].Action).not.toContain('iam:PassRole');
  });

  test('no profile lists a wildcard service or an audit-tamper action by name', () => {
    for (const [profile, actions] of Object.entries(BOUNDARY_PROFILE_ACTIONS)) {
      for (const action of actions) {
        expect([profile, action]).toEqual([profile, expect.stringMatching(/^[a-z0-9-]+:[A-Za-z0-9]+\*?$/)]);
        expect([profile, AUDIT_TAMPER_ACTION_LIST.includes(action)]).toEqual([profile, false]);
      }
    }
  });

  test('allowActions adds to the list (what your own roles need)', () => {
    const allow = allowOf(boundary.Properties.PolicyDocument)[0].Action as string[];
    expect(allow).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(HipaaPermissionsBoundary.of(stack).allowedActions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'logs:PutLogEvents']));
  });

  test('passes HipaaGap-PermissionsBoundaryAllowsAll', () => {
    expect(rules.PermissionsBoundaryAllowsAll.evaluate({ logicalId: boundaryId, resource: json.Resources[boundaryId], template: json })).toBe(rules.RuleVerdict.COMPLIANT);
  });

  test('bounds the roles it is applied to and the library\'s own roles, not others', () => {
    const roles = template.findResources('AWS::IAM::Role');
    const boundaryOf = (prefix: string) => Object.entries(roles).find(([id]) => id.startsWith(prefix))![1].Properties.PermissionsBoundary;
    expect(boundaryOf('Mine')).toEqual({ Ref: boundaryId });
    expect(boundaryOf('BackupRole')).toEqual({ Ref: boundaryEntry('HipaaPermissionsBoundaryBackupService')[0] });
    expect(boundaryOf('Unbounded')).toBeUndefined();
  });

  test('the backup role\'s boundary allows all it is granted (its four AWS managed policies)', () => {
    expect(boundaryGaps([{ path: 'Test', template: json }])).toEqual([]);
  });

  test('is not attached as a permission policy to any role', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toContain(boundaryId);
    }
    expect(boundary.Properties.Roles).toBeUndefined();
    expect(Stack.of(HipaaPermissionsBoundary.of(stack)).node.path).toBe('Test');
  });

  test('fits IAM\'s 6,144-character limit for a managed policy, every profile', () => {
    for (const [, policy] of Object.entries(policies).filter(([id]) => id.startsWith('HipaaPermissionsBoundary'))) {
      expect(JSON.stringify(policy.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
    }
  });
});

describe('HipaaPermissionsBoundary: bad input', () => {
  const error = (actions: unknown[]) => {
    const stack = testStack();
    try {
      new HipaaPermissionsBoundary(stack, 'B', { additionalActions: actions as string[] });
    } catch (e) {
      return e;
    }
    return undefined;
  };

  test.each([
    ['*', /additionalActions is \["\*"\]; '\*' is every action of every service, which caps nothing/],
    ['sqs:*', /additionalActions is \["sqs:\*"\]; 'sqs:\*' is every action of the service: list the actions/],
    ['sqs:**', /'sqs:\*\*' is every action of the service/],
    ['logs:Put*', /'logs:Put\*' covers logs:PutRetentionPolicy, which the boundary denies/],
    ['kms:ScheduleKeyDeletion', /covers kms:ScheduleKeyDeletion/],
    ['sqs ReceiveMessage', /is not an IAM action: write each as service:Action or service:Verb\*/],
  ])('%s is refused', (action, message) => {
    const e = error([action]);
    expect(HipaaValidationError.isHipaaValidationError(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  test('allowActions validates the same way', () => {
    const stack = testStack();
    expect(() => HipaaPermissionsBoundary.of(stack).allowActions(['ec2:*'])).toThrow(/allowActions is \["ec2:\*"\]; 'ec2:\*' is every action/);
  });

  test('an unknown profile is refused', () => {
    expect(() => HipaaPermissionsBoundary.of(testStack(), 'admin' as any)).toThrow(/profile is 'admin'; use one of workload, backup-service, emr-service/);
  });

  test('a boundary over IAM\'s size limit fails synth, naming the fix', () => {
    const app = testApp();
    const stack = new Stack(app, 'Big');
    const boundary = HipaaPermissionsBoundary.of(stack);
    boundary.allowActions(Array.from({ length: 200 }, (_, i) => `sqs:ReceiveMessageNumber${i}`));
    expect(() => app.synth()).toThrow(/over IAM's 6144-character limit for a managed policy; allow fewer actions/);
  });
});

describe('boundaryAllows (the coverage check)', () => {
  test.each([
    [['s3:Get*'], 's3:GetObject', true], [['s3:Get*'], 's3:GetObject*', true], [['s3:GetObject'], 's3:GetObject*', false],
    [['S3:getobject'], 's3:GetObject', true], [['s3:GetObject'], 's3:PutObject', false], [['kms:GenerateDataKey'], 'kms:GenerateDataKey*', false],
  ])('boundary %j allows %s: %s', (patterns, granted, expected) => expect(boundaryAllows(patterns, granted)).toBe(expected));

  test('reports an action granted beyond the boundary, and an AWS managed policy with no pinned document', () => {
    const template = {
      Resources: {
        B: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] } } },
        R: { Type: 'AWS::IAM::Role', Properties: { PermissionsBoundary: { Ref: 'B' }, ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }] } },
        P: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'R' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] } } },
      },
    };
    expect(boundaryGaps([{ path: 't', template }]).map((g) => [g.role, g.action, g.source])).toEqual([
      ['R', 's3:PutObject', 'inline or customer managed'],
      ['R', '(unknown)', 'AWS managed policy ReadOnlyAccess: no pinned document in test/fixtures/aws-managed-policy-actions.json'],
    ]);
  });
});

describe('the restore-bucket prefix is reserved', () => {
  test('no bucket name the library accepts starts with RESTORE_BUCKET_PREFIX (the backup role may change versioning there)', () => {
    expect(NAME_RULES.s3Bucket.pattern.test(`${RESTORE_BUCKET_PREFIX}records`)).toBe(false);
    expect(NAME_RULES.s3Bucket.pattern.test('clinic-awsbackup-restore-records')).toBe(true);
  });
});
