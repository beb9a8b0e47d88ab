import { Match, Template } from 'aws-cdk-lib/assertions';
import { Aws, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { HipaaTable } from '../../lib';
import { testStack } from '../helpers';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('HipaaTable defaults', () => {
  const stack = testStack();
  const table = new HipaaTable(stack, 'Records', { partitionKey });
  const template = Template.fromStack(stack);

  test('SSE with the customer-managed key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [stack.getLogicalId(table.key.node.defaultChild as any), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('35 days of point-in-time recovery, deletion protection, RETAIN', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
  });

  test('on demand, no contributor insights (they show key values), no stream, tagged PHI', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      ContributorInsightsSpecification: Match.absent(),
      StreamSpecification: Match.absent(),
      Tags: [{ Key: 'DataClassification', Value: 'PHI' }],
    });
    expect(table.backupResources()).toHaveLength(1);
  });
});

describe('HipaaTable options', () => {
  const stack = testStack();
  new HipaaTable(stack, 'Provisioned', {
    partitionKey, stream: dynamodb.StreamViewType.NEW_IMAGE, contributorInsights: true, pointInTimeRecoveryDays: 14,
    provisionedCapacity: { minRead: 5, maxRead: 50, minWrite: 5, maxWrite: 20 },
  });
  const template = Template.fromStack(stack);

  test('provisioned capacity scales on utilization for reads and writes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 5, MaxCapacity: 50, ScalableDimension: 'dynamodb:table:ReadCapacityUnits' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 70 }) });
  });

  test('stream, contributor insights and a shorter recovery window on request', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      ContributorInsightsSpecification: { Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 },
    });
  });
});

describe('HipaaTable rejects bad props', () => {
  test.each<[string, object, RegExp]>([
    ['recovery window 0', { pointInTimeRecoveryDays: 0 }, /pointInTimeRecoveryDays is 0; use a whole number from 1 to 35/],
    ['recovery window 40', { pointInTimeRecoveryDays: 40 }, /pointInTimeRecoveryDays is 40/],
    ['max below min', { provisionedCapacity: { minRead: 10, maxRead: 5, minWrite: 1, maxWrite: 1 } }, /minRead=10, maxRead=5/],
    ['target utilization', { provisionedCapacity: { minRead: 1, maxRead: 5, minWrite: 1, maxWrite: 5, targetUtilizationPercent: 95 } }, /targetUtilizationPercent is 95/],
  ])('%s', (_name, props, message) => {
    expect(() => new HipaaTable(testStack(), 'T', { partitionKey, ...props })).toThrow(message);
  });
});

describe('HipaaTable with replicas (global table)', () => {
  const stack = testStack();
  const drKey = 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab';
  const table = new HipaaTable(stack, 'Global', { partitionKey, sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER }, replicas: [{ region: 'us-west-2', keyArn: drKey }] });
  new HipaaTable(stack, 'Single', { partitionKey });
  const template = Template.fromStack(stack);
  const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(table.key.node.defaultChild as any), 'Arn'] };
  const replica = (region: unknown) => template.findResources('AWS::DynamoDB::GlobalTable')[stack.getLogicalId(table.resource)]
    .Properties.Replicas.find((r: any) => JSON.stringify(r.Region) === JSON.stringify(region));

  test('a global table replaces nothing: a table without replicas stays an AWS::DynamoDB::Table', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(table.resource.cfnResourceType).toBe('AWS::DynamoDB::GlobalTable');
  });

  test('one replica in the stack region with the table key, one per requested region with its key', () => {
    expect(replica({ Ref: 'AWS::Region' }).SSESpecification).toEqual({ KMSMasterKeyId: keyArn });
    expect(replica('us-west-2').SSESpecification).toEqual({ KMSMasterKeyId: drKey });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } });
  });

  test('every replica: 35 days of PITR, deletion protection, tagged PHI', () => {
    for (const region of [{ Ref: 'AWS::Region' }, 'us-west-2']) {
      const r = replica(region);
      expect(r.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 });
      expect(r.DeletionProtectionEnabled).toBe(true);
      expect(r.Tags).toEqual([{ Key: 'DataClassification', Value: 'PHI' }]);
      expect(r.ContributorInsightsSpecification).toBeUndefined();
    }
  });

  test('RETAIN, on demand, keys as given, the stream global tables require (both images)', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST', StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      }),
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
  });

  test('table is this region\'s replica (grants and backups name the global table\'s ARN)', () => {
    expect(stack.resolve(table.table.tableArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(table.resource), 'Arn'] });
    expect(stack.resolve(table.backupResources()[0].resource)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(table.resource), 'Arn'] });
  });
});

describe('HipaaTable replicas with options', () => {
  const stack = testStack();
  const table = new HipaaTable(stack, 'Global', {
    partitionKey, stream: dynamodb.StreamViewType.KEYS_ONLY, contributorInsights: true, pointInTimeRecoveryDays: 14, timeToLiveAttribute: 'expires',
    provisionedCapacity: { minRead: 5, maxRead: 50, minWrite: 2, maxWrite: 20, targetUtilizationPercent: 60 },
    replicas: [{ region: 'us-west-2', keyArn: 'arn:aws:kms:us-west-2:111122223333:alias/dr' }, { region: 'eu-central-1', keyArn: 'arn:aws:kms:eu-central-1:111122223333:alias/dr' }],
  });
  const props = Template.fromStack(stack).findResources('AWS::DynamoDB::GlobalTable')[stack.getLogicalId(table.resource)].Properties;

  test('every replica gets the recovery window, contributor insights and read auto scaling', () => {
    expect(props.Replicas).toHaveLength(3);
    for (const r of props.Replicas) {
      expect(r.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 });
      expect(r.DeletionProtectionEnabled).toBe(true);
      expect(r.ContributorInsightsSpecification).toEqual({ Enabled: true });
      expect(r.ReadProvisionedThroughputSettings).toEqual({ ReadCapacityAutoScalingSettings: { MinCapacity: 5, MaxCapacity: 50, TargetTrackingScalingPolicyConfiguration: { TargetValue: 60 } } });
    }
  });

  test('writes scale globally; the chosen stream and time to live', () => {
    expect(props.BillingMode).toBe('PROVISIONED');
    expect(props.WriteProvisionedThroughputSettings).toEqual({ WriteCapacityAutoScalingSettings: { MinCapacity: 2, MaxCapacity: 20, TargetTrackingScalingPolicyConfiguration: { TargetValue: 60 } } });
    expect(props.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'expires', Enabled: true });
  });
});

describe('HipaaTable rejects bad replicas', () => {
  const key = (region: string) => `arn:aws:kms:${region}:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab`;
  test.each<[string, unknown, RegExp]>([
    ['a region that is not a region', [{ region: 'oregon', keyArn: key('us-west-2') }], /replicas\[0\]\.region is "oregon"; give the replica's region as a literal/],
    ['the stack\'s own region', [{ region: 'us-east-1', keyArn: key('us-east-1') }], /replicas\[0\]\.region is 'us-east-1', the stack's own region/],
    ['a region twice', [{ region: 'us-west-2', keyArn: key('us-west-2') }, { region: 'us-west-2', keyArn: key('us-west-2') }], /replicas\[1\]\.region is 'us-west-2' a second time/],
    ['no key', [{ region: 'us-west-2' }], /replicas\[0\]\.keyArn is undefined; give the ARN of the replica's customer-managed key in us-west-2/],
    ['the AWS managed key', [{ region: 'us-west-2', keyArn: 'arn:aws:kms:us-west-2:111122223333:alias/aws/dynamodb' }], /replicas\[0\]\.keyArn is '.*alias\/aws\/dynamodb', an AWS managed key/],
    ['a key id instead of an ARN', [{ region: 'us-west-2', keyArn: '0123abcd-0123-4567-89ab-0123456789ab' }], /replicas\[0\]\.keyArn is '0123abcd.*'; give the full ARN of a KMS key/],
    ['a key of another region', [{ region: 'us-west-2', keyArn: key('eu-west-1') }], /replicas\[0\]\.keyArn is a key of 'eu-west-1' but the replica is in 'us-west-2'/],
    ['not a list', { region: 'us-west-2', keyArn: key('us-west-2') }, /replicas is .*; use an array of \{ region, keyArn \} replicas/],
  ])('%s', (_name, replicas, message) => {
    const stack = testStack('T', {});
    const regional = new Stack(stack.node.scope, 'Regional', { env: { region: 'us-east-1' } });
    expect(() => new HipaaTable(regional, 'T', { partitionKey, replicas: replicas as any })).toThrow(message);
  });

  test('a token-built alias ARN of the replica region is accepted, of another region refused', () => {
    const stack = testStack();
    const arn = (region: string) => `arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:alias/cdk-hipaa/disaster-recovery`;
    expect(() => new HipaaTable(stack, 'Ok', { partitionKey, replicas: [{ region: 'us-west-2', keyArn: arn('us-west-2') }] })).not.toThrow();
    expect(() => new HipaaTable(stack, 'Bad', { partitionKey, replicas: [{ region: 'us-west-2', keyArn: arn('eu-west-1') }] }))
      .toThrow(/replicas\[0\]\.keyArn is a key of 'eu-west-1' but the replica is in 'us-west-2'/);
    expect(() => new HipaaTable(stack, 'Managed', { partitionKey, replicas: [{ region: 'us-west-2', keyArn: `arn:${Aws.PARTITION}:kms:us-west-2:${Aws.ACCOUNT_ID}:alias/aws/dynamodb` }] }))
      .toThrow(/an AWS managed key/);
  });
});
