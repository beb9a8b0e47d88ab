import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaBucket, HipaaValidationError } from '../../lib';
import { DisasterRecoveryNames } from '../../lib/stacks/disaster-recovery/names';
import { testApp, testStack } from '../helpers';

const KEY_ARN = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('HipaaBucket replication to the DR region (alias of the DR key, same account)', () => {
  const stack = testStack();
  const names = new DisasterRecoveryNames({ region: 'us-west-2', prefix: 'acme' });
  const phi = new HipaaBucket(stack, 'Phi', { replication: names.replicationTo('phi'), objectLock: { mode: s3.ObjectLockMode.GOVERNANCE, retention: Duration.days(30) } });
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  const bucketId = stack.getLogicalId(phi.bucket.node.defaultChild as s3.CfnBucket);
  const roleId = stack.getLogicalId(phi.replicationRole!.node.defaultChild as any);
  const keyId = stack.getLogicalId(phi.key.node.defaultChild as any);
  const config = json.Resources[bucketId].Properties.ReplicationConfiguration;
  const rule = config.Rules[0];
  const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .find((p: any) => p.Properties.Roles?.some((r: any) => r.Ref === roleId)) as any;
  const statement = (sid: string) => policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === sid);
  const destinationArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-phi-', { Ref: 'AWS::AccountId' }, '-us-west-2']] };
  const resolve = (v: unknown) => stack.resolve(v);

  test('one enabled rule over every object, with the replication role', () => {
    expect(config.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(config.Rules).toHaveLength(1);
    expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: '' } });
  });

  test('replicates SSE-KMS objects and delete markers', () => {
    expect(rule.SourceSelectionCriteria).toEqual({ SseKmsEncryptedObjects: { Status: 'Enabled' } });
    expect(rule.DeleteMarkerReplication).toEqual({ Status: 'Enabled' });
  });

  test('writes replicas to the named DR bucket, encrypted with the DR key by its alias ARN', () => {
    expect(rule.Destination.Bucket).toEqual(destinationArn);
    expect(rule.Destination.EncryptionConfiguration).toEqual({
      ReplicaKmsKeyID: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:', { Ref: 'AWS::AccountId' }, ':alias/acme/disaster-recovery']] },
    });
    expect(rule.Destination.Account).toBeUndefined();
  });

  test('replication metrics on by default, Replication Time Control off', () => {
    expect(rule.Destination.Metrics).toEqual({ Status: 'Enabled', EventThreshold: { Minutes: 15 } });
    expect(rule.Destination.ReplicationTime).toBeUndefined();
  });

  test('the role is trusted by S3 as AWS documents it (no undocumented condition), acknowledged with why, and bounded', () => {
    const role = json.Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' } }]);
    const acks = Object.assign({}, ...phi.replicationRole!.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>));
    const ack = Object.entries(acks).find(([id]) => id.includes('ServiceTrustConfusedDeputy'));
    expect(ack?.[1]).toMatch(/setting-repl-config-perm-overview.*iam:PassRole/s);
    expect(role.Properties.PermissionsBoundary).toBeDefined();
    expect(role.Properties.Policies).toBeUndefined();
  });

  test('reads only the source bucket and its versions (with Object Lock retention and legal hold)', () => {
    expect(statement('SourceBucket')).toMatchObject({ Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] } });
    expect([...statement('SourceObjectVersions').Action].sort()).toEqual([
      's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging',
    ]);
    expect(statement('SourceObjectVersions').Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] });
  });

  test('writes only replicas into the destination bucket', () => {
    expect(statement('ReplicateToDestination').Effect).toBe('Allow');
    expect([...statement('ReplicateToDestination').Action].sort()).toEqual(['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags']);
    expect(JSON.stringify(statement('ReplicateToDestination').Resource)).toContain(':s3:::acme-phi-');
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions.some((a: string) => a.endsWith('*'))).toBe(false);
  });

  test('decrypts with the source key only through S3 of this region, for this bucket', () => {
    expect(statement('DecryptSourceObjects')).toMatchObject({
      Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      Condition: {
        StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }] },
      },
    });
  });

  test('encrypts only with the key behind the DR alias, through S3 of the DR region, for the replica bucket', () => {
    const encrypt = statement('EncryptReplicas');
    expect(encrypt.Action).toBe('kms:Encrypt');
    expect(encrypt.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:', { Ref: 'AWS::AccountId' }, ':key/*']] });
    expect(encrypt.Condition).toEqual({
      'StringEquals': { 'kms:ViaService': 's3.us-west-2.amazonaws.com' },
      'StringLike': { 'kms:EncryptionContext:aws:s3:arn': [destinationArn, { 'Fn::Join': ['', [...(destinationArn['Fn::Join'][1] as unknown[]).slice(0, -1), '-us-west-2/*']] }] },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/acme/disaster-recovery' },
    });
  });

  test('the S3BucketReplicationEnabled acknowledgement is gone; the un-replicated log bucket keeps its own', () => {
    const acks = (c: any) => JSON.stringify(c.node.metadata);
    expect(acks(phi.bucket)).not.toContain('S3BucketReplicationEnabled');
    expect(resolve(phi.bucket.bucketArn)).toBeDefined();
  });
});

describe('HipaaBucket replication options', () => {
  const stack = testStack();
  const rtc = new HipaaBucket(stack, 'Rtc', {
    replication: { destinationBucketName: 'dr-bucket', destinationRegion: 'us-west-2', destinationKeyArn: KEY_ARN, destinationAccount: '111122223333', replicationTimeControl: true },
  });
  const noMetrics = new HipaaBucket(stack, 'Quiet', {
    replication: { destinationBucketName: 'dr-bucket-2', destinationRegion: 'us-west-2', destinationKeyArn: KEY_ARN, metrics: false },
  });
  const json = Template.fromStack(stack).toJSON();
  const ruleOf = (b: HipaaBucket) => json.Resources[stack.getLogicalId(b.bucket.node.defaultChild as s3.CfnBucket)].Properties.ReplicationConfiguration.Rules[0];
  const policyOf = (b: HipaaBucket) => Object.values(json.Resources as Record<string, any>).find((r) => r.Type === 'AWS::IAM::ManagedPolicy'
    && r.Properties.Roles?.some((x: any) => x.Ref === stack.getLogicalId(b.replicationRole!.node.defaultChild as any)));

  test('Replication Time Control: 15 minutes, with its metrics', () => {
    expect(ruleOf(rtc).Destination.ReplicationTime).toEqual({ Status: 'Enabled', Time: { Minutes: 15 } });
    expect(ruleOf(rtc).Destination.Metrics).toEqual({ Status: 'Enabled', EventThreshold: { Minutes: 15 } });
  });

  test('another account: the destination names it; a key ARN is the only resource of kms:Encrypt', () => {
    expect(ruleOf(rtc).Destination.Account).toBe('111122223333');
    const encrypt = policyOf(rtc).Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'EncryptReplicas');
    expect(encrypt.Resource).toBe(KEY_ARN);
    expect(encrypt.Condition['ForAnyValue:StringEquals']).toBeUndefined();
  });

  test('metrics can be turned off without RTC', () => {
    expect(ruleOf(noMetrics).Destination.Metrics).toBeUndefined();
    expect(ruleOf(noMetrics).Destination.ReplicationTime).toBeUndefined();
  });

  test('a bucket without replication keeps the acknowledgement, saying why', () => {
    const plainStack = testStack();
    const plain = new HipaaBucket(plainStack, 'Plain');
    Template.fromStack(plainStack);
    expect(JSON.stringify(plain.bucket.node.metadata)).toMatch(/S3BucketReplicationEnabled.*Availability of this bucket rests on/);
  });
});

describe('HipaaBucket.allowReplicationFrom (cross-account destination)', () => {
  const stack = testStack();
  const replica = new HipaaBucket(stack, 'Replica');
  replica.allowReplicationFrom('arn:aws:iam::444455556666:role/source-replication');
  const json = Template.fromStack(stack).toJSON();
  const all = Object.values(json.Resources as Record<string, any>);

  test('the bucket policy lets the source role write replicas only', () => {
    const statements = all.filter((r) => r.Type === 'AWS::S3::BucketPolicy').flatMap((r) => r.Properties.PolicyDocument.Statement);
    const allow = statements.find((s: any) => s.Sid === 'ReplicationFromSourceAccount');
    expect(allow).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/source-replication' } });
    expect([...allow.Action].sort()).toEqual(['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags']);
  });

  test('the key policy lets it encrypt through S3 of this region only', () => {
    const statements = all.filter((r) => r.Type === 'AWS::KMS::Key').flatMap((r) => r.Properties.KeyPolicy.Statement);
    expect(statements.find((s: any) => s.Sid === 'ReplicaEncryptionBySourceAccount')).toMatchObject({
      Effect: 'Allow', Action: 'kms:Encrypt', Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    });
  });
});

describe('HipaaBucket replication: bad input', () => {
  const base = { destinationBucketName: 'dr-bucket', destinationRegion: 'us-west-2', destinationKeyArn: KEY_ARN };
  const build = (replication: any, region?: string) => () => new HipaaBucket(new Stack(testApp(), 'S', { env: region ? { region } : undefined }), 'B', { replication });
  test.each([
    ['a region that is not one', { ...base, destinationRegion: 'west' }, /replication.destinationRegion is 'west'/],
    ['the bucket ARN for a name', { ...base, destinationBucketName: 'arn:aws:s3:::dr' }, /destinationBucketName is 'arn:aws:s3:::dr'.*not its ARN/],
    ['a key id for a key ARN', { ...base, destinationKeyArn: '1234abcd' }, /destinationKeyArn is '1234abcd'; give the full ARN/],
    ['a key of another region', { ...base, destinationKeyArn: KEY_ARN.replace('us-west-2', 'eu-west-1') }, /in region 'eu-west-1' but destinationRegion is 'us-west-2'/],
    ['an alias with another account', { ...base, destinationAccount: '111122223333', destinationKeyArn: 'arn:aws:kms:us-west-2:111122223333:alias/dr' }, /alias ARN with destinationAccount set/],
    ['a malformed account', { ...base, destinationAccount: '42' }, /destinationAccount is '42'/],
    ['RTC without metrics', { ...base, replicationTimeControl: true, metrics: false }, /metrics is false with replicationTimeControl on/],
  ])('%s', (_name, replication, message) => {
    expect(build(replication)).toThrow(HipaaValidationError);
    expect(build(replication)).toThrow(message);
  });

  test('the stack\'s own region', () => {
    expect(build(base, 'us-west-2')).toThrow(/destinationRegion is 'us-west-2', this stack's own region/);
  });
});
