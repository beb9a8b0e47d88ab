import { Match, Template } from 'aws-cdk-lib/assertions';
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
