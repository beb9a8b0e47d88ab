import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

const tlsPolicy = (statements: object[]) => ({
  Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Subject' }, PolicyDocument: { Statement: statements } } },
});
const denyHttp = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const denyTls = (v: number) => ({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': v } } });
const bucket = { Type: 'AWS::S3::Bucket', Properties: {} };

describe('S3BucketTlsPolicy', () => {
  test('compliant: denies HTTP and TLS < 1.2', () => {
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket, tlsPolicy([denyHttp, denyTls(1.2)])))).toBe(RuleVerdict.COMPLIANT);
  });
  test('compliant: a stricter minimum (1.3)', () => {
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket, tlsPolicy([denyHttp, denyTls(1.3)])))).toBe(RuleVerdict.COMPLIANT);
  });
  test('non-compliant: HTTP denied but TLS 1.0 allowed', () => {
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket, tlsPolicy([denyHttp])))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: minimum below 1.2', () => {
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket, tlsPolicy([denyHttp, denyTls(1.1)])))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: no bucket policy', () => {
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: the policy belongs to another bucket', () => {
    const other = { Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Other' }, PolicyDocument: { Statement: [denyHttp, denyTls(1.2)] } } } };
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket, other))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: the deny names only some principals', () => {
    const narrow = { ...denyTls(1.2), Principal: { AWS: 'arn:aws:iam::role/x' } };
    expect(rules.S3BucketTlsPolicy.evaluate(subject(bucket, tlsPolicy([denyHttp, narrow])))).toBe(RuleVerdict.NON_COMPLIANT);
  });
});

describe('S3BucketDefaultEncryption', () => {
  const enc = (alg: string) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: alg } }] } } });
  test.each(['aws:kms', 'aws:kms:dsse', 'AES256'])('compliant: %s', (alg) => {
    expect(rules.S3BucketDefaultEncryption.evaluate(subject(enc(alg)))).toBe(RuleVerdict.COMPLIANT);
  });
  test('non-compliant: no BucketEncryption', () => {
    expect(rules.S3BucketDefaultEncryption.evaluate(subject(bucket))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: empty configuration', () => {
    expect(rules.S3BucketDefaultEncryption.evaluate(subject({ Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [] } } }))).toBe(RuleVerdict.NON_COMPLIANT);
  });
});

describe('S3BucketPublicAccessBlock', () => {
  const all = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
  test('compliant: all four on', () => {
    expect(rules.S3BucketPublicAccessBlock.evaluate(subject({ Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: all } }))).toBe(RuleVerdict.COMPLIANT);
  });
  test('non-compliant: one off', () => {
    const resource = { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: { ...all, RestrictPublicBuckets: false } } };
    expect(rules.S3BucketPublicAccessBlock.evaluate(subject(resource))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('non-compliant: missing', () => {
    expect(rules.S3BucketPublicAccessBlock.evaluate(subject(bucket))).toBe(RuleVerdict.NON_COMPLIANT);
  });
});

describe('S3BucketVersioning', () => {
  test('compliant: Enabled', () => {
    expect(rules.S3BucketVersioning.evaluate(subject({ Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } }))).toBe(RuleVerdict.COMPLIANT);
  });
  test('non-compliant: Suspended', () => {
    expect(rules.S3BucketVersioning.evaluate(subject({ Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Suspended' } } }))).toBe(RuleVerdict.NON_COMPLIANT);
  });
});

describe('S3PhiBucketReplication', () => {
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
  const phiBucket = (rule?: object, tags: object[] = PHI_TAGS) => ({
    Type: 'AWS::S3::Bucket', Properties: { Tags: tags, ...(rule ? { ReplicationConfiguration: { Role: 'r', Rules: [rule] } } : {}) },
  });
  const evaluate = (resource: rules.CfnTemplateResource, metadata?: object) =>
    rules.S3PhiBucketReplication.evaluate({ logicalId: 'B', resource, template: { Resources: { B: resource }, Metadata: metadata } });

  test('compliant: every object, SSE-KMS objects and delete markers to a key of the DR region', () => expect(evaluate(phiBucket(goodRule), primary)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a literal key ARN of the DR region', () => expect(evaluate(phiBucket({ ...goodRule, Destination: { Bucket: 'b', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:111122223333:key/abc' } } }), primary)).toBe(RuleVerdict.COMPLIANT));
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
  ])('non-compliant: %s', (_name, rule) => expect(evaluate(phiBucket(rule), primary)).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the app declares no DR region', () => expect(evaluate(phiBucket(), undefined)).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a replica in the DR region', () => expect(evaluate(phiBucket(), recovery)).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a bucket not classified PHI', () => expect(evaluate(phiBucket(undefined, [{ Key: 'DataClassification', Value: 'AuditLog' }]), primary)).toBe(RuleVerdict.NOT_APPLICABLE));
});
