import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as rules from '../../lib/compliance/rules';
import { declareDisasterRecoveryRegion } from '../../lib/compliance/disaster-recovery';

const { RuleVerdict } = rules;
const PHI_TAGS = [{ Key: 'DataClassification', Value: 'PHI' }];
const primary = { [rules.DR_METADATA_KEY]: { Region: 'us-west-2', Role: 'primary' } };
const recovery = { [rules.DR_METADATA_KEY]: { Region: 'us-west-2', Role: 'recovery' } };
const aliasArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:', { Ref: 'AWS::AccountId' }, ':alias/cdk-hipaa/disaster-recovery']] };
const goodRule = {
  Id: 'DisasterRecovery', Status: 'Enabled', Priority: 0, Filter: { Prefix: '' },
  DeleteMarkerReplication: { Status: 'Enabled' },
  SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
  Destination: { Bucket: 'arn:aws:s3:::replica', EncryptionConfiguration: { ReplicaKmsKeyID: aliasArn } },
};
const bucket = (rule?: object, tags: object[] = PHI_TAGS) => ({
  Type: 'AWS::S3::Bucket', Properties: { Tags: tags, ...(rule ? { ReplicationConfiguration: { Role: 'r', Rules: [rule] } } : {}) },
});
const evaluate = (resource: rules.CfnTemplateResource, metadata?: object) =>
  rules.S3PhiBucketReplication.evaluate({ logicalId: 'B', resource, template: { Resources: { B: resource }, Metadata: metadata } });

describe('S3PhiBucketReplication', () => {
  test('compliant: every object, SSE-KMS objects and delete markers to a key of the DR region', () => expect(evaluate(bucket(goodRule), primary)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a literal key ARN of the DR region', () => expect(evaluate(bucket({ ...goodRule, Destination: { Bucket: 'b', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:111122223333:key/abc' } } }), primary)).toBe(RuleVerdict.COMPLIANT));
  test.each<[string, object | undefined]>([
    ['no replication', undefined],
    ['rule disabled', { ...goodRule, Status: 'Disabled' }],
    ['SSE-KMS objects left out', { ...goodRule, SourceSelectionCriteria: undefined }],
    ['delete markers not replicated', { ...goodRule, DeleteMarkerReplication: { Status: 'Disabled' } }],
    ['only a prefix', { ...goodRule, Filter: { Prefix: 'reports/' } }],
    ['only tagged objects', { ...goodRule, Filter: { TagFilter: { Key: 'dr', Value: 'yes' } } }],
    ['replica encrypted with a key of this region', { ...goodRule, Destination: { Bucket: 'b', EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::GetAtt': ['K', 'Arn'] } } } }],
    ['replica key in a third region', { ...goodRule, Destination: { Bucket: 'b', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/abc' } } }],
    ['replica without a customer-managed key', { ...goodRule, Destination: { Bucket: 'b' } }],
  ])('non-compliant: %s', (_name, rule) => expect(evaluate(bucket(rule), primary)).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the app declares no DR region', () => expect(evaluate(bucket(), undefined)).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a replica in the DR region', () => expect(evaluate(bucket(), recovery)).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a bucket not classified PHI', () => expect(evaluate(bucket(undefined, [{ Key: 'DataClassification', Value: 'AuditLog' }]), primary)).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('declareDisasterRecoveryRegion', () => {
  const app = new App();
  const agnostic = new Stack(app, 'Primary');
  const pinned = new Stack(app, 'Recovery', { env: { region: 'us-west-2' } });
  const elsewhere = new Stack(app, 'Elsewhere', { env: { region: 'eu-west-1' } });
  declareDisasterRecoveryRegion(app, 'us-west-2');
  const metadataOf = (s: Stack) => Template.fromStack(s).toJSON().Metadata?.[rules.DR_METADATA_KEY];

  test('stacks of the DR region are the recovery side, every other stack (environment-agnostic ones included) the primary side', () => {
    expect(metadataOf(agnostic)).toEqual({ Region: 'us-west-2', Role: 'primary' });
    expect(metadataOf(pinned)).toEqual({ Region: 'us-west-2', Role: 'recovery' });
    expect(metadataOf(elsewhere)).toEqual({ Region: 'us-west-2', Role: 'primary' });
  });

  test('a region that is not one is an error', () => {
    expect(() => declareDisasterRecoveryRegion(new App(), 'westus')).toThrow(/drRegion is 'westus'/);
  });
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
