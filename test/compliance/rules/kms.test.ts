import * as rules from '../../../lib/compliance/rules';
import { subject, subjectOf } from './subject';

const { RuleVerdict } = rules;

describe('KmsKeyRotation', () => {
  test('compliant: rotation on', () => {
    expect(rules.KmsKeyRotation.evaluate(subject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } }))).toBe(RuleVerdict.COMPLIANT);
  });
  test('non-compliant: rotation off or absent', () => {
    expect(rules.KmsKeyRotation.evaluate(subject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } }))).toBe(RuleVerdict.NON_COMPLIANT);
    expect(rules.KmsKeyRotation.evaluate(subject({ Type: 'AWS::KMS::Key', Properties: {} }))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('not applicable: asymmetric key', () => {
    expect(rules.KmsKeyRotation.evaluate(subject({ Type: 'AWS::KMS::Key', Properties: { KeySpec: 'RSA_2048' } }))).toBe(RuleVerdict.NOT_APPLICABLE);
  });
});

describe('EvidenceKeyDeletionRestricted', () => {
  const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/break-glass' } } };
  const key = (statements: object[], user: object = { Type: 'AWS::CloudTrail::Trail', Properties: { KMSKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } } }): rules.RuleSubject => {
    const k = { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: statements } } };
    return { logicalId: 'K', resource: k, template: { Resources: { K: k, User: user as any } } };
  };
  const vault = { Type: 'AWS::Backup::BackupVault', Properties: { EncryptionKeyArn: { 'Fn::GetAtt': ['K', 'Arn'] } } };
  test('compliant: trail key with the break-glass deny', () => expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([deny]))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: vault key with the break-glass deny', () => expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([deny], vault))).toBe(RuleVerdict.COMPLIANT));
  const logGroup = (RetentionInDays?: unknown) => ({ Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetAtt': ['K', 'Arn'] }, ...(RetentionInDays === undefined ? {} : { RetentionInDays }) } });
  test('compliant: key of a six-year log group with the break-glass deny', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([deny], logGroup(2192)))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: key of a six-year log group without the deny', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([], logGroup(2192)))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: key of a log group that never expires, without the deny', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([], logGroup()))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: key of a log group whose retention is a parameter, without the deny', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([], logGroup({ Ref: 'Days' })))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: key of a log group kept less than six years (not audit records)', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([], logGroup(365)))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a key that encrypts neither', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([], { Type: 'AWS::S3::Bucket', Properties: {} }))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: no deny', () => expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([]))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny has a looser condition (a tag anyone could set)', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([{ ...deny, Condition: { StringNotEquals: { 'aws:PrincipalTag/role': 'admin' } } }], vault))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny names one principal only', () =>
    expect(rules.EvidenceKeyDeletionRestricted.evaluate(key([{ ...deny, Principal: { AWS: 'arn:aws:iam::111122223333:role/x' } }]))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('LogsKeyOneLogGroup', () => {
  const logsPrincipal = { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } };
  const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:log-group:${name}`]] });
  const key = (...conditions: Array<object | undefined>) => rules.LogsKeyOneLogGroup.evaluate(subjectOf({ K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [
    { Effect: 'Allow', Principal: { AWS: 'root' }, Action: 'kms:*', Resource: '*' },
    ...conditions.map((Condition) => ({ Effect: 'Allow', Principal: logsPrincipal, Action: 'kms:Encrypt*', Resource: '*', ...(Condition ? { Condition } : {}) })),
  ] } } } }, 'K'));
  const ctx = 'kms:EncryptionContext:aws:logs:arn';

  test('compliant: one statement per log group, each naming it exactly', () =>
    expect(key({ ArnEquals: { [ctx]: arn('/app/web') } }, { ArnLike: { [ctx]: arn('/app/app') } })).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a key CloudWatch Logs may not use', () => expect(key()).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: a wildcard log group', () => expect(key({ ArnLike: { [ctx]: arn('*') } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a prefix wildcard in one of two statements', () =>
    expect(key({ ArnEquals: { [ctx]: arn('/app/web') } }, { ArnLike: { [ctx]: arn('/app/*') } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: several log groups in one statement', () =>
    expect(key({ ArnEquals: { [ctx]: [arn('/a'), arn('/b')] } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no encryption-context condition', () => expect(key(undefined)).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: only a source-account condition', () =>
    expect(key({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } })).toBe(RuleVerdict.NON_COMPLIANT));
});
