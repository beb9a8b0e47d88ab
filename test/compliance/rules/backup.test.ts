import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;
const primary = { [rules.DR_METADATA_KEY]: { Region: 'us-west-2', Role: 'primary' } };
const recovery = { [rules.DR_METADATA_KEY]: { Region: 'us-west-2', Role: 'recovery' } };

describe('BackupVaultProtection', () => {
  const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' };
  const vault = (props: object) => subject({ Type: 'AWS::Backup::BackupVault', Properties: { EncryptionKeyArn: { 'Fn::GetAtt': ['K', 'Arn'] }, AccessPolicy: { Statement: [deny] }, ...props } });
  test('compliant: CMK and a deny-delete policy for everyone', () => expect(rules.BackupVaultProtection.evaluate(vault({}))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no access policy', () => expect(rules.BackupVaultProtection.evaluate(vault({ AccessPolicy: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no customer-managed key', () => expect(rules.BackupVaultProtection.evaluate(vault({ EncryptionKeyArn: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny is conditional', () =>
    expect(rules.BackupVaultProtection.evaluate(vault({ AccessPolicy: { Statement: [{ ...deny, Condition: { StringEquals: { 'aws:PrincipalTag/x': 'y' } } }] } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: it denies only one principal', () =>
    expect(rules.BackupVaultProtection.evaluate(vault({ AccessPolicy: { Statement: [{ ...deny, Principal: { AWS: 'arn:aws:iam::account:role/x' } }] } }))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('BackupCrossRegionCopy', () => {
  const drVault = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-west-2:', { Ref: 'AWS::AccountId' }, ':backup-vault:dr']] };
  const copy = (deleteAfter?: number, vault: unknown = drVault) => ({ DestinationBackupVaultArn: vault, Lifecycle: deleteAfter === undefined ? undefined : { DeleteAfterDays: deleteAfter } });
  const plan = (...ruleList: object[]) => ({ Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: ruleList } } });
  const rule = (deleteAfter: number | undefined, copies?: object[]) => ({ RuleName: 'r', TargetBackupVault: 'v', Lifecycle: deleteAfter === undefined ? undefined : { DeleteAfterDays: deleteAfter }, CopyActions: copies });
  const evaluate = (resource: rules.CfnTemplateResource, metadata?: object) =>
    rules.BackupCrossRegionCopy.evaluate({ logicalId: 'P', resource, template: { Resources: { P: resource }, Metadata: metadata } });

  test('compliant: every rule copies to the DR region for as long', () => expect(evaluate(plan(rule(35, [copy(35)]), rule(2192, [copy(2192)])), primary)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a literal vault ARN of the DR region kept longer', () => expect(evaluate(plan(rule(35, [copy(60, 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr')])), primary)).toBe(RuleVerdict.COMPLIANT));
  test.each<[string, object]>([
    ['a rule without copy', plan(rule(35, [copy(35)]), rule(2192))],
    ['a copy in this region', plan(rule(35, [copy(35, { 'Fn::GetAtt': ['Vault', 'BackupVaultArn'] })]))],
    ['a copy to a third region', plan(rule(35, [copy(35, 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr')]))],
    ['a copy kept shorter than the original', plan(rule(2192, [copy(35)]))],
    ['a copy that expires while the original never does', plan(rule(undefined, [copy(35)]))],
    ['a plan without rules', plan()],
  ])('non-compliant: %s', (_name, resource) => expect(evaluate(resource as rules.CfnTemplateResource, primary)).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the app declares no DR region', () => expect(evaluate(plan(rule(35)))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a plan of the DR region', () => expect(evaluate(plan(rule(35)), recovery)).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('BackupS3RestorePermitted', () => {
  // What an S3 restore needs: https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
  const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const s3Restore = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] };
  const restoreBuckets = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::awsbackup-restore-*']] };
  const allow = { Effect: 'Allow', Action: ['s3:CreateBucket', 's3:Get*', 's3:List*', 's3:Put*', 's3:DeleteObject', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'], Resource: '*' };
  const tamper = { Effect: 'Deny', Action: ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration'], Resource: '*' };
  const carveOut = { Effect: 'Deny', Action: 's3:PutBucketVersioning', NotResource: restoreBuckets };
  const evaluate = (boundary: object[] | undefined, roleProps: object = {}) => {
    const resources: Record<string, rules.CfnTemplateResource> = {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust, ManagedPolicyArns: [s3Restore], ...(boundary ? { PermissionsBoundary: { Ref: 'Boundary' } } : {}), ...roleProps } },
    };
    if (boundary) resources.Boundary = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: boundary } } };
    return rules.BackupS3RestorePermitted.evaluate({ logicalId: 'Role', resource: resources.Role, template: { Resources: resources } });
  };

  test('compliant: the boundary denies s3:PutBucketVersioning everywhere but the buckets a restore creates', () =>
    expect(evaluate([allow, tamper, carveOut])).toBe(RuleVerdict.COMPLIANT));
  test('compliant: no boundary and no deny', () => expect(evaluate(undefined)).toBe(RuleVerdict.COMPLIANT));
  test.each<[string, object[]]>([
    ['the boundary denies s3:PutBucketVersioning on *', [allow, tamper, { Effect: 'Deny', Action: 's3:PutBucketVersioning', Resource: '*' }]],
    ['the boundary denies s3:Put* on the restore buckets', [allow, { Effect: 'Deny', Action: 's3:Put*', Resource: restoreBuckets }]],
    ['a conditional deny (it may apply)', [allow, { Effect: 'Deny', Action: 's3:CreateBucket', Resource: '*', Condition: { Bool: { 'aws:ViaAWSService': 'false' } } }]],
    ['a NotAction deny that leaves s3:PutObject in', [allow, { Effect: 'Deny', NotAction: 's3:Get*', Resource: '*' }]],
    ['the carve-out names a bucket of unknown name', [allow, { Effect: 'Deny', Action: 's3:PutBucketVersioning', NotResource: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Name' }]] } }]],
    ['the boundary does not allow s3:CreateBucket', [{ ...allow, Action: allow.Action.filter((a) => a !== 's3:CreateBucket') }, tamper, carveOut]],
  ])('non-compliant: %s', (_what, boundary) => expect(evaluate(boundary)).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the role\'s own inline policy denies the restore', () =>
    expect(evaluate(undefined, { Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 's3:PutBucketVersioning', Resource: 'arn:aws:s3:::*' }] } }] }))
      .toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: a role AWS Backup does not assume, or one without the S3 restore policy', () => {
    expect(rules.BackupS3RestorePermitted.evaluate(subject({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] }, ManagedPolicyArns: [s3Restore] } })))
      .toBe(RuleVerdict.NOT_APPLICABLE);
    expect(rules.BackupS3RestorePermitted.evaluate(subject({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust } }))).toBe(RuleVerdict.NOT_APPLICABLE);
  });
});
