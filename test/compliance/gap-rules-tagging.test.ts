import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;
const evaluate = (Type: string, Properties: object) =>
  rules.DataStoreClassification.evaluate({ logicalId: 'S', resource: { Type, Properties }, template: { Resources: { S: { Type, Properties } } } });
const phi = [{ Key: 'DataClassification', Value: 'PHI' }];
const kms = { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } };

describe('DataStoreClassification', () => {
  test.each(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'])('compliant: %s tagged PHI', (type) =>
    expect(evaluate(type, { ...kms, Tags: phi })).toBe(RuleVerdict.COMPLIANT));
  test.each(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'])('non-compliant: %s without the tag', (type) =>
    expect(evaluate(type, { ...kms })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: another classification', () => expect(evaluate('AWS::DynamoDB::Table', { Tags: [{ Key: 'DataClassification', Value: 'phi' }] })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: an SSE-S3 log-delivery bucket', () =>
    expect(evaluate('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }))
      .toBe(RuleVerdict.NOT_APPLICABLE));
});
