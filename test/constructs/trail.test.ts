import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CIS_MONITORING_CONTROLS, HipaaBucket, HipaaTrail } from '../../lib';
import { testStack } from '../helpers';

describe('HipaaTrail defaults', () => {
  const stack = testStack();
  const phi = new HipaaBucket(stack, 'Phi');
  const trail = new HipaaTrail(stack, 'Audit', { dataEventBuckets: [phi.bucket], alarmEmails: ['security@example.com'] });
  const template = Template.fromStack(stack);
  const keyId = stack.getLogicalId(trail.key.node.defaultChild as any);
  const trailArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':trail/cdk-hipaa-trail']] };

  test('multi-region, global events, log file validation, KMS, CloudWatch Logs, management events read and write', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'cdk-hipaa-trail', IsLogging: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuditEventsLogGroup'), 'Arn'] },
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('PhiBucket'), 'Arn'] }, '/']] }] }] }],
    });
  });

  test('key policy: CloudTrail may encrypt for trails of this account, bound to this trail; CloudWatch alarms may use the topic key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'AllowCloudTrailEncryptLogs', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*',
          Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() }, StringEquals: { 'aws:SourceArn': trailArn } } }),
        Match.objectLike({ Sid: 'AllowCloudTrailDescribeKey', Action: 'kms:DescribeKey' }),
        Match.objectLike({ Sid: 'AllowCloudWatchLogsOfThisAccount' }),
        Match.objectLike({ Sid: 'AllowCloudWatchAlarmsOfThisAccount', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
      ]) },
    });
  });

  test('bucket policy: ACL check and writes under AWSLogs/<account>/ with bucket-owner-full-control, for this trail only', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'AWSCloudTrailAclCheck', Action: 's3:GetBucketAcl', Condition: { StringEquals: { 'aws:SourceArn': trailArn } } }),
        Match.objectLike({ Sid: 'AWSCloudTrailWrite', Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('AuditLogsBucket'), 'Arn'] }, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } } }),
      ]) },
    });
  });

  test('log group encrypted with the key and kept six years; delivery role trusted by this trail only', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 2192 });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } })] },
    });
  });

  test('one metric filter and one alarm per CIS monitoring control, each notifying the encrypted topic', () => {
    expect(CIS_MONITORING_CONTROLS).toHaveLength(14);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AuditAlarmTopic') }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      MetricTransformations: [{ MetricNamespace: 'CdkHipaa/CloudTrail', MetricName: 'RootAccountUsage', MetricValue: '1' }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ Sid: 'AllowCloudWatchAlarmsOfThisAccount', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
      ]) },
    });
  });

  test('every CIS filter pattern parses as a CloudWatch Logs JSON pattern', () => {
    for (const control of CIS_MONITORING_CONTROLS) {
      expect(control.pattern).toMatch(/^\{ .* \}$/);
      expect(control.pattern.split('(').length).toBe(control.pattern.split(')').length);
    }
  });
});

describe('HipaaTrail rejects bad props', () => {
  test.each<[string, object, RegExp]>([
    ['trail name', { trailName: 'my trail' }, /trailName 'my trail' is not a valid trail name/],
    ['retention under six years', { logRetention: logs.RetentionDays.ONE_YEAR }, /retention is 365 days; audit logs must be kept at least 2192 days/],
    ['email', { alarmEmails: ['not-an-email'] }, /alarmEmails has 'not-an-email'/],
  ])('%s', (_name, props, message) => {
    expect(() => new HipaaTrail(testStack(), 'T', props)).toThrow(message);
  });
});
