import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

describe('DynamoDB rules', () => {
  const table = (props: object) => ({ Type: 'AWS::DynamoDB::Table', Properties: props });
  const globalTable = (props: object) => ({ Type: 'AWS::DynamoDB::GlobalTable', Properties: props });
  const cmk = { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } };
  const protectedReplica = { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true };
  const key = (r: rules.CfnTemplateResource) => rules.DynamoDbCustomerManagedKey.evaluate(subject(r));
  const recovery = (r: rules.CfnTemplateResource) => rules.DynamoDbRecoveryAndDeletionProtection.evaluate(subject(r));

  test('CMK: compliant table', () => expect(key(table({ SSESpecification: cmk }))).toBe(RuleVerdict.COMPLIANT));
  test('CMK: AWS owned key (no SSESpecification)', () => expect(key(table({}))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: AWS managed key', () => expect(key(table({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: global table with a key per replica', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [{ SSESpecification: { KMSMasterKeyId: 'arn-from-param' } }] }))).toBe(RuleVerdict.COMPLIANT));
  test('CMK: the aws/dynamodb alias ARN built with Fn::Join', () =>
    expect(key(table({ SSESpecification: { ...cmk, KMSMasterKeyId: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/aws/dynamodb']] } } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: global table replica without a key', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [{}] }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: a global table replica whose key is of another region', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [
      { Region: 'us-west-2', SSESpecification: { KMSMasterKeyId: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:eu-west-1:', { Ref: 'AWS::AccountId' }, ':alias/dr']] } } }] }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: a global table replica with an alias ARN of its region', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [
      { Region: 'us-west-2', SSESpecification: { KMSMasterKeyId: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:', { Ref: 'AWS::AccountId' }, ':alias/dr']] } } }] }))).toBe(RuleVerdict.COMPLIANT));
  test('CMK: a global table replica with the AWS managed key', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [{ Region: 'us-west-2', SSESpecification: { KMSMasterKeyId: 'alias/aws/dynamodb' } }] }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('recovery: compliant table', () => expect(recovery(table(protectedReplica))).toBe(RuleVerdict.COMPLIANT));
  test('recovery: PITR off', () => expect(recovery(table({ ...protectedReplica, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('recovery: deletion protection off', () => expect(recovery(table({ ...protectedReplica, DeletionProtectionEnabled: false }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('recovery: one unprotected replica of a global table', () => expect(recovery(globalTable({ Replicas: [protectedReplica, {}] }))).toBe(RuleVerdict.NON_COMPLIANT));
});
