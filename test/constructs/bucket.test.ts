import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaBackupPlan, HipaaBucket, HipaaKey } from '../../lib';
import { testStack } from '../helpers';

describe('HipaaBucket defaults', () => {
  const stack = testStack();
  const phi = new HipaaBucket(stack, 'Phi');
  const template = Template.fromStack(stack);
  const phiId = stack.getLogicalId(phi.bucket.node.defaultChild as s3.CfnBucket);
  const logId = stack.getLogicalId(phi.serverAccessLogsBucket.node.defaultChild as s3.CfnBucket);
  const keyId = stack.getLogicalId(phi.key.node.defaultChild as any);
  const phiBucket = template.toJSON().Resources[phiId];
  const policyOf = (bucketId: string) => Object.values(template.findResources('AWS::S3::BucketPolicy'))
    .find((p: any) => p.Properties.Bucket.Ref === bucketId)!.Properties.PolicyDocument.Statement as any[];

  test('creates its own customer-managed key, a log bucket and the PHI bucket', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  test('encrypts with SSE-KMS under its customer-managed key, with a bucket key', () => {
    expect(phiBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    }]);
  });

  test('blocks all public access and enforces bucket ownership', () => {
    expect(phiBucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(phiBucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('is versioned and retained', () => {
    expect(phiBucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(phiBucket.DeletionPolicy).toBe('Retain');
    expect(phiBucket.UpdateReplacePolicy).toBe('Retain');
  });

  test('denies plain HTTP and TLS older than 1.2 for every action', () => {
    const statements = policyOf(phiId);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    ]));
  });

  test('denies uploads that ask for another encryption type or key, only when the header is present', () => {
    const statements = policyOf(phiId);
    const wrongType = statements.find((s) => s.Sid === 'DenyUploadsWithAnotherEncryptionType');
    expect(wrongType).toMatchObject({
      Effect: 'Deny', Action: 's3:PutObject',
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: { 's3:x-amz-server-side-encryption': 'false' } },
    });
    const wrongKey = statements.find((s) => s.Sid === 'DenyUploadsWithAnotherKmsKey');
    expect(wrongKey).toMatchObject({
      Effect: 'Deny', Action: 's3:PutObject',
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': { 'Fn::GetAtt': [keyId, 'Arn'] } },
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      },
    });
    // No statement denies a request that carries no encryption header (it gets the default).
    for (const s of statements.filter((x) => x.Action === 's3:PutObject' && x.Effect === 'Deny')) {
      expect(Object.keys(s.Condition.Null)).toHaveLength(1);
    }
  });

  test('writes server access logs to the log bucket, which allows the S3 logging service of this account for this bucket only', () => {
    expect(phiBucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logId });
    expect(phiBucket.Properties.LoggingConfiguration.LogFilePrefix).toMatch(/^s3-access-logs\/.+\/$/);
    const delivery = policyOf(logId).find((s) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery).toMatchObject({ Effect: 'Allow', Action: 's3:PutObject', Condition: {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [phiId, 'Arn'] } },
    } });
  });

  test('archives to Glacier and never expires objects', () => {
    const [rule] = phiBucket.Properties.LifecycleConfiguration.Rules;
    expect(rule).toMatchObject({
      Status: 'Enabled',
      Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
      NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
    });
    expect(rule.ExpirationInDays).toBeUndefined();
    expect(rule.NoncurrentVersionExpiration).toBeUndefined();
  });

  test('is tagged DataClassification=PHI for the custom Config rule', () => {
    expect(phiBucket.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'DataClassification', Value: 'PHI' }]));
  });

  test('has no Object Lock unless asked', () => {
    expect(phiBucket.Properties.ObjectLockEnabled).toBeUndefined();
  });
});

describe('HipaaBucket options', () => {
  test('uses a given key instead of making one', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'Shared');
    new HipaaBucket(stack, 'A', { encryptionKey: key.key });
    new HipaaBucket(stack, 'B', { encryptionKey: key.key });
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
  });

  test('shares a given access-log bucket, adding a delivery statement per prefix', () => {
    const stack = testStack();
    const first = new HipaaBucket(stack, 'A');
    new HipaaBucket(stack, 'B', { serverAccessLogsBucket: first.serverAccessLogsBucket, serverAccessLogsPrefix: 'b/' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 3);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { LogFilePrefix: 'b/' } });
  });

  test('turns on Object Lock with a default retention', () => {
    const stack = testStack();
    new HipaaBucket(stack, 'Locked', { objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(2192) } });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } } },
    });
  });

  test('accepts an expiration at or beyond the minimum retention', () => {
    const stack = testStack();
    new HipaaBucket(stack, 'Expiring', { lifecycle: { expireAfter: Duration.days(2557), transitionToGlacierAfter: Duration.days(30) } });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2557, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }] })] },
    });
  });

  test('archive: false keeps objects in S3 Standard', () => {
    const stack = testStack();
    new HipaaBucket(stack, 'Hot', { lifecycle: { archive: false } });
    const rules = Template.fromStack(stack).toJSON().Resources;
    const bucket = Object.values(rules).find((r: any) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm === 'aws:kms') as any;
    expect(bucket.Properties.LifecycleConfiguration.Rules[0].Transitions).toBeUndefined();
  });
});

describe('HipaaBucket rejects bad props', () => {
  test.each([
    [{ lifecycle: { expireAfter: Duration.days(365) } }, /lifecycle\.expireAfter is 365 days, shorter than the 2192 days required/],
    [{ lifecycle: { noncurrentVersionExpireAfter: Duration.days(30) } }, /lifecycle\.noncurrentVersionExpireAfter is 30 days, shorter than the 2192 days/],
    [{ minimumRetention: Duration.days(3000), lifecycle: { expireAfter: Duration.days(2192) } }, /expireAfter is 2192 days, shorter than the 3000 days/],
    [{ lifecycle: { transitionToGlacierAfter: Duration.hours(12) } }, /lifecycle\.transitionToGlacierAfter is 0\.5 days; use a whole number of days of at least 1/],
    [{ objectLock: { mode: s3.ObjectLockMode.GOVERNANCE, retention: Duration.hours(1) } }, /objectLock\.retention is .* days/],
  ])('%j', (props, message) => {
    expect(() => new HipaaBucket(testStack(), 'Bad', props as any)).toThrow(message);
  });
});

describe('HipaaBucket replication acknowledgement states only what is built', () => {
  const stack = testStack();
  const alone = new HipaaBucket(stack, 'Alone');
  const locked = new HipaaBucket(stack, 'Locked', { objectLock: { mode: s3.ObjectLockMode.GOVERNANCE, retention: Duration.days(2192) } });
  const backedUp = new HipaaBucket(stack, 'BackedUp');
  const plan = new HipaaBackupPlan(stack, 'Plan', { resources: [backedUp] });
  const template = Template.fromStack(stack).toJSON();
  const reasonOf = (b: HipaaBucket) => {
    const acks = b.bucket.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data as Record<string, string>);
    const reasons = acks.flatMap((a) => Object.entries(a)).filter(([id]) => id.includes('HIPAA.Security-S3BucketReplicationEnabled')).map(([, r]) => r);
    expect(reasons).toHaveLength(1); // written once, at synth
    return reasons[0];
  };
  const selectedArns = () => Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::Backup::BackupSelection').flatMap((r) => r.Properties.BackupSelection.Resources ?? []);
  const arnOf = (b: HipaaBucket) => ({ 'Fn::GetAtt': [stack.getLogicalId(b.bucket.node.defaultChild as s3.CfnBucket), 'Arn'] });

  test('a bucket in no backup plan: no claim of AWS Backup; the facts it states are in the template', () => {
    const reason = reasonOf(alone);
    expect(reason).toMatch(/in no AWS Backup plan/);
    expect(reason).not.toMatch(/AWS Backup:/);
    expect(selectedArns()).not.toContainEqual(arnOf(alone));
    const cfn = template.Resources[stack.getLogicalId(alone.bucket.node.defaultChild as s3.CfnBucket)];
    expect(reason).toMatch(/versioning/);
    expect(cfn.Properties.VersioningConfiguration.Status).toBe('Enabled');
    expect(reason).toMatch(/deletes nothing before 2192 days/);
    expect(JSON.stringify(cfn.Properties.LifecycleConfiguration)).not.toMatch(/Expiration/);
    expect(reason).toMatch(/RETAIN/);
    expect(cfn.DeletionPolicy).toBe('Retain');
  });

  test('Object Lock is named only where it is on', () => {
    expect(reasonOf(locked)).toMatch(/S3 Object Lock \(GOVERNANCE, 2192 days\)/);
    expect(reasonOf(alone)).not.toMatch(/Object Lock/);
  });

  test('a bucket a plan selects: the reason names the plan, and that plan selects its ARN', () => {
    expect(reasonOf(backedUp)).toMatch(new RegExp(`AWS Backup: backup plan ${plan.node.path} selects it`));
    expect(selectedArns()).toContainEqual(arnOf(backedUp));
  });
});
