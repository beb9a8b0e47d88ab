import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;

/** A template with one resource under test, plus extra resources. */
function subject(resource: rules.CfnTemplateResource, extra: Record<string, rules.CfnTemplateResource> = {}): rules.RuleSubject {
  const template = { Resources: { Subject: resource, ...extra } };
  return { logicalId: 'Subject', resource, template };
}

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

describe('LogGroupRetention', () => {
  test.each([undefined, 2192, 2557, 3653])('compliant: %s days', (days) => {
    expect(rules.LogGroupRetention.evaluate(subject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } }))).toBe(RuleVerdict.COMPLIANT);
  });
  test.each([1, 365, 1827])('non-compliant: %s days', (days) => {
    expect(rules.LogGroupRetention.evaluate(subject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } }))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  const fromParameter = (parameter: object) => rules.LogGroupRetention.evaluate({
    logicalId: 'G', resource: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { Ref: 'Days' } } },
    template: { Parameters: { Days: parameter }, Resources: {} },
  });
  test.each<[string, object, rules.RuleVerdict]>([
    ['a Number parameter with MinValue 2192 (HipaaLogGroup sets it)', { Type: 'Number', MinValue: 2192 }, RuleVerdict.COMPLIANT],
    ['a Number parameter whose AllowedValues are all six years or more', { Type: 'Number', AllowedValues: ['2192', '3653'] }, RuleVerdict.COMPLIANT],
    ['a Number parameter without a floor', { Type: 'Number' }, RuleVerdict.NON_COMPLIANT],
    ['a Number parameter with a lower MinValue', { Type: 'Number', MinValue: 365 }, RuleVerdict.NON_COMPLIANT],
    ['an AllowedValues list with a short value', { Type: 'Number', AllowedValues: ['365', '2192'] }, RuleVerdict.NON_COMPLIANT],
    ['a short AllowedValues list under a MinValue of 2192 (CloudFormation applies both)', { Type: 'Number', MinValue: 2192, AllowedValues: ['365', '2192'] }, RuleVerdict.COMPLIANT],
    ['a String parameter', { Type: 'String', MinValue: 2192 }, RuleVerdict.NON_COMPLIANT],
  ])('parameter: %s', (_name, parameter, verdict) => expect(fromParameter(parameter)).toBe(verdict));
});
