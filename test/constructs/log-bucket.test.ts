import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import { HipaaLogBucket } from '../../lib';
import { testStack } from '../helpers';

describe('HipaaLogBucket defaults', () => {
  const stack = testStack();
  const logs = new HipaaLogBucket(stack, 'Logs');
  logs.allowServerAccessLogs('source/', s3.Bucket.fromBucketName(stack, 'Source', 'source-bucket'));
  const template = Template.fromStack(stack);
  const bucket = Object.values(template.findResources('AWS::S3::Bucket'))[0];
  const statements = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement as any[];

  test('SSE-S3 (the only encryption AWS log delivery accepts)', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
  });

  test('blocks public access, enforces ownership, is versioned and retained', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  test('denies plain HTTP and TLS older than 1.2', () => {
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    ]));
  });

  test('archives to Glacier after 90 days and never expires by default', () => {
    const [rule] = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER', TransitionInDays: 90 }]);
    expect(rule.ExpirationInDays).toBeUndefined();
  });

  test('the acknowledgements say what is true: the logs may contain identifiers, SSE-S3, never copied off-region, kept six years', () => {
    const acks: Record<string, string> = Object.fromEntries(logs.bucket.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.entries(m.data as Record<string, string>)).map(([id, reason]) => [id.replace(/^[A-Za-z]+::/, ''), reason]));
    for (const id of ['HIPAA.Security-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS', 'ControlTower-CT.S3.PR.10']) {
      expect(acks[id]).toMatch(/may contain identifiers in object keys, request URLs and query strings/);
      expect(acks[id]).toMatch(/SSE-S3.*never copied off-region, and kept at least six years/);
    }
    expect(acks['HIPAA.Security-S3BucketReplicationEnabled']).toMatch(/never copied off-region: they may hold identifiers/);
    expect(JSON.stringify(acks)).not.toMatch(/not PHI|without PHI|request metadata/);
    // The facts behind the words: no replication configuration, no expiry by default (six years at the least when set).
    expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules.every((r: any) => r.ExpirationInDays === undefined)).toBe(true);
  });

  test('allowServerAccessLogs admits only the S3 logging service of this account, for the one source bucket, under the prefix', () => {
    const delivery = statements.find((s) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery).toMatchObject({ Effect: 'Allow', Action: 's3:PutObject', Condition: {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::source-bucket']] } },
    } });
    expect(JSON.stringify(delivery.Resource)).toContain('/source/*');
  });
});

describe('HipaaLogBucket rejects bad props', () => {
  test('an expiration shorter than six years', () => {
    expect(() => new HipaaLogBucket(testStack(), 'Logs', { expireAfter: Duration.days(365) }))
      .toThrow(/expireAfter is 365 days, shorter than the 2192 days required/);
  });
  test('a fractional transition', () => {
    expect(() => new HipaaLogBucket(testStack(), 'Logs', { transitionToGlacierAfter: Duration.hours(36) }))
      .toThrow(/transitionToGlacierAfter is 1.5 days/);
  });
  test('accepts an expiration of six years or more', () => {
    const stack = testStack();
    new HipaaLogBucket(stack, 'Logs', { expireAfter: Duration.days(2557) });
    const bucket = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))[0];
    expect(bucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(2557);
  });
});
