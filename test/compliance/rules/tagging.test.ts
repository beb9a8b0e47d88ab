import * as rules from '../../../lib/compliance/rules';
import { subject, subjectOf } from './subject';

const { RuleVerdict } = rules;
const evaluate = (Type: string, Properties: object) => rules.DataStoreClassification.evaluate(subjectOf({ S: { Type, Properties } }, 'S'));
const phi = [{ Key: 'DataClassification', Value: 'PHI' }];
const kms = { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } };

describe('DataStoreClassification', () => {
  test.each(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'])('compliant: %s tagged PHI', (type) =>
    expect(evaluate(type, { ...kms, Tags: phi })).toBe(RuleVerdict.COMPLIANT));
  test.each(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'])('non-compliant: %s without the tag', (type) =>
    expect(evaluate(type, { ...kms })).toBe(RuleVerdict.NON_COMPLIANT));
  test('compliant: a global table tagged PHI on every replica', () =>
    expect(evaluate('AWS::DynamoDB::GlobalTable', { Replicas: [{ Region: 'us-east-1', Tags: phi }, { Region: 'us-west-2', Tags: phi }] })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: a global table with one replica untagged (its region\'s PHI key rule would skip it)', () =>
    expect(evaluate('AWS::DynamoDB::GlobalTable', { Replicas: [{ Region: 'us-east-1', Tags: phi }, { Region: 'us-west-2' }] })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: another classification', () => expect(evaluate('AWS::DynamoDB::Table', { Tags: [{ Key: 'DataClassification', Value: 'phi' }] })).toBe(RuleVerdict.NON_COMPLIANT));
  const auditLog = [{ Key: 'DataClassification', Value: 'AuditLog' }];
  const withTrail = (bucketName: unknown) => ({
    S: { Type: 'AWS::S3::Bucket', Properties: { ...kms, Tags: auditLog } },
    T: { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: bucketName, IsLogging: true } },
  });
  test('compliant: a bucket classified AuditLog that a trail of the template delivers to', () =>
    expect(rules.DataStoreClassification.evaluate(subjectOf(withTrail({ Ref: 'S' }), 'S'))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: a bucket classified AuditLog that no trail delivers to', () => {
    expect(rules.DataStoreClassification.evaluate(subjectOf(withTrail({ Ref: 'Other' }), 'S'))).toBe(RuleVerdict.NON_COMPLIANT);
    expect(evaluate('AWS::S3::Bucket', { ...kms, Tags: auditLog })).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: AuditLog on a table (only a trail bucket holds audit log files)', () =>
    expect(evaluate('AWS::DynamoDB::Table', { Tags: auditLog })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: an SSE-S3 log-delivery bucket', () =>
    expect(evaluate('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }))
      .toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('DataStoreClassification covers Redshift clusters', () => {
  const cluster = (props: object) => ({ Type: 'AWS::Redshift::Cluster', Properties: props });
  const evaluate = (tags?: object[]) => rules.DataStoreClassification.evaluate(subject(cluster(tags ? { Tags: tags } : {})));
  test('compliant: tagged PHI', () => expect(evaluate([{ Key: 'DataClassification', Value: 'PHI' }])).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: untagged', () => expect(evaluate()).toBe(RuleVerdict.NON_COMPLIANT));
});
