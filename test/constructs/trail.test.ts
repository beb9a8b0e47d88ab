import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import { AUDIT_MONITORING_CONTROLS } from '../../constructs/trail';
import { CIS_MONITORING_CONTROLS, HipaaBucket, HipaaTable, HipaaTrail, TrailDataEvents } from '../../lib';
import * as gapRules from '../../lib/compliance/rules';
import { testStack } from '../helpers';
import { judge, render } from '../s3-policy-eval';
import { filterPatternProblem } from './trail/filter-pattern';

describe('HipaaTrail defaults', () => {
  const stack = testStack();
  const trail = new HipaaTrail(stack, 'Audit', { alarmEmails: ['security@example.com'] });
  const template = Template.fromStack(stack);
  const keyId = stack.getLogicalId(trail.key.node.defaultChild as any);
  const trailArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':trail/cdk-hipaa-trail']] };

  test('multi-region, global events, log file validation, KMS, CloudWatch Logs, management events read and write', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'cdk-hipaa-trail', IsLogging: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuditEventsLogGroup'), 'Arn'] },
    });
  });

  test('the log bucket is classified AuditLog, which the gate accepts because this trail delivers there: no acknowledgement', () => {
    const bucketId = stack.getLogicalId(trail.bucket.node.defaultChild as any);
    const resources = template.toJSON().Resources;
    expect(resources[bucketId].Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'DataClassification', Value: 'AuditLog' }]));
    expect(gapRules.DataStoreClassification.evaluate({ logicalId: bucketId, resource: resources[bucketId], template: template.toJSON() }))
      .toBe(gapRules.RuleVerdict.COMPLIANT);
    const acks = trail.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acks.filter((id) => id.includes('DataStoreClassification'))).toEqual([]);
  });

  test('data events by default: every S3 object but the trail bucket\'s, every DynamoDB table, reads and writes, every DynamoDB stream read; management events reads and writes', () => {
    const trailBucket = stack.getLogicalId(trail.bucket.node.defaultChild as any);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: Match.absent(),
      AdvancedEventSelectors: [
        { Name: Match.anyValue(), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { Name: Match.anyValue(), FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', NotStartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [trailBucket, 'Arn'] }, '/']] }] }] },
        { Name: Match.anyValue(), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] },
        // Stream reads (GetRecords returns whole items) are their own data-event type.
        { Name: Match.anyValue(), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Stream'] }] },
        Match.objectLike({ Name: 'Trail bucket: log file deletions, retention and legal hold changes' }),
      ],
    });
    expect(trail.dataEvents.coversAll).toBe(true);
  });

  test('the trail bucket\'s own deletions and lock changes are recorded (never PutObject: CloudTrail\'s deliveries cannot loop) and raise an alarm', () => {
    const trailBucket = stack.getLogicalId(trail.bucket.node.defaultChild as any);
    const selectors = template.toJSON().Resources[stack.getLogicalId(trail.trail)].Properties.AdvancedEventSelectors;
    const own = selectors.find((s: any) => s.Name === 'Trail bucket: log file deletions, retention and legal hold changes');
    expect(own.FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'eventName', Equals: ['DeleteObject', 'DeleteObjects', 'PutObjectRetention', 'PutObjectLegalHold'] },
      { Field: 'resources.ARN', StartsWith: [{ 'Fn::GetAtt': [trailBucket, 'Arn'] }] },
    ]);
    expect(JSON.stringify(own)).not.toMatch(/"PutObject"|CopyObject|CompleteMultipartUpload/);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: { 'Fn::Join': ['', ['{ ($.eventSource = s3.amazonaws.com) && ($.requestParameters.bucketName = "', { Ref: trailBucket },
        '") && (($.eventName = DeleteObject) || ($.eventName = DeleteObjects) || ($.eventName = PutObjectRetention) || ($.eventName = PutObjectLegalHold)) }']] },
      MetricTransformations: [Match.objectLike({ MetricName: 'TrailLogFileDeletionOrRetentionChange' })],
    });
    expect(trail.alarms.TrailLogFileDeletionOrRetentionChange).toBeDefined();
  });

  test('log files under S3 Object Lock, GOVERNANCE for six years by default', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'AuditLog' }]),
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2192 } } },
    });
  });

  test('key policy: only the break-glass role of the region may schedule the key\'s deletion', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'DenyKeyDeletionExceptBreakGlassRole', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-hipaa-key-deletion-', { Ref: 'AWS::Region' }]] } } },
      })]) },
    });
  });

  test('the trail bucket is classified as audit records, not as a PHI store', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'AuditLog' }]) });
  });

  test('deploys: the trail waits for the bucket policy, the key, the delivery role and the role\'s policy (CloudTrail validates them at creation)', () => {
    const trailResource = Object.values(template.findResources('AWS::CloudTrail::Trail'))[0];
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: 'CloudTrail: write events to one log group' } }));
    expect(trailResource.DependsOn).toEqual(expect.arrayContaining([policyId, keyId, expect.stringMatching(/AuditCloudWatchDeliveryRole/), expect.stringMatching(/AuditLogsBucketPolicy/)]));
  });

  test('key policy: CloudTrail may encrypt for trails of this account, bound to this trail; CloudWatch alarms may use the topic key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'AllowCloudTrailEncryptLogs', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*',
          Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() }, StringEquals: { 'aws:SourceArn': trailArn } } }),
        Match.objectLike({ Sid: 'AllowCloudTrailDescribeKey', Action: 'kms:DescribeKey' }),
        Match.objectLike({ Sid: Match.stringLikeRegexp('^AllowCloudWatchLogs'), Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } } }),
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

  describe('bucket policy accepts what CloudTrail really writes (digest files are SSE-S3 on an SSE-KMS trail) and nothing else', () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
    const resources = template.toJSON().Resources;
    const bucketId = stack.getLogicalId(trail.bucket.node.defaultChild as any);
    const policy = Object.values(resources).find((r: any) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === bucketId) as any;
    const statements = render(policy.Properties.PolicyDocument.Statement, resources);
    const thisTrail = 'arn:<AWS::Partition>:cloudtrail:<AWS::Region>:<AWS::AccountId>:trail/cdk-hipaa-trail';
    const digest = `arn:aws:s3:::<${bucketId}>/AWSLogs/<AWS::AccountId>/CloudTrail-Digest/us-east-1/2026/01/01/d.json.gz`;
    const logFile = `arn:aws:s3:::<${bucketId}>/AWSLogs/<AWS::AccountId>/CloudTrail/us-east-1/2026/01/01/l.json.gz`;
    const key = `<${keyId}.Arn>`;
    const put = (resource: string, context: Record<string, string>, service?: string) => judge(statements, {
      action: 's3:PutObject', resource, service, context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', 's3:x-amz-acl': 'bucket-owner-full-control', ...context },
    });
    const fromTrail = { 'aws:SourceArn': thisTrail };

    test.each<[string, string, Record<string, string>, string | undefined, string]>([
      ['a digest file, SSE-S3, from this trail', digest, { ...fromTrail, 's3:x-amz-server-side-encryption': 'AES256' }, 'cloudtrail.amazonaws.com', 'allowed'],
      ['a log file, SSE-KMS with the trail key, from this trail', logFile, { ...fromTrail, 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': key }, 'cloudtrail.amazonaws.com', 'allowed'],
      ['a log file without an encryption header (bucket default), from this trail', logFile, fromTrail, 'cloudtrail.amazonaws.com', 'allowed'],
      ['a log file, SSE-S3, from this trail', logFile, { ...fromTrail, 's3:x-amz-server-side-encryption': 'AES256' }, 'cloudtrail.amazonaws.com', 'denied'],
      ['a digest file, DSSE-KMS, from this trail', digest, { ...fromTrail, 's3:x-amz-server-side-encryption': 'aws:kms:dsse' }, 'cloudtrail.amazonaws.com', 'denied'],
      ['a digest file, SSE-S3, from another trail', digest, { 'aws:SourceArn': thisTrail.replace('cdk-hipaa-trail', 'other'), 's3:x-amz-server-side-encryption': 'AES256' }, 'cloudtrail.amazonaws.com', 'denied'],
      ['a digest file, SSE-S3, from an IAM principal', digest, { 's3:x-amz-server-side-encryption': 'AES256' }, undefined, 'denied'],
      ['a digest file, SSE-KMS with another key, from this trail', digest, { ...fromTrail, 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'other-key' }, 'cloudtrail.amazonaws.com', 'denied'],
    ])('%s: %s', (_what, resource, context, service, expected) => {
      expect(put(resource, context, service)).toBe(expected);
    });

    // The deny of lib/policies/evidence-deletion.ts (GOVERNANCE alone lets any s3:BypassGovernanceRetention holder delete a log file).
    const breakGlass = 'arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-hipaa-key-deletion-<AWS::Region>';
    const asPrincipal = (action: string, principalArn: string) => judge(statements, {
      action, resource: logFile, context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', 'aws:PrincipalArn': principalArn },
    });
    test.each(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutObjectRetention', 's3:PutObjectLegalHold'])(
      '%s on a log file: denied to an administrator of the account, not to the break-glass role', (action) => {
        expect(asPrincipal(action, 'arn:<AWS::Partition>:iam::<AWS::AccountId>:role/Administrator')).toBe('denied');
        expect(asPrincipal(action, breakGlass)).not.toBe('denied');
      });

    test('the deletion deny is the shared DenyEvidenceDeletionButBreakGlass statement, on the bucket and every object', () => {
      const deny = statements.find((s: any) => s.Sid === 'DenyEvidenceDeletionButBreakGlass');
      expect(deny).toEqual({ Sid: 'DenyEvidenceDeletionButBreakGlass', Effect: 'Deny', Principal: { AWS: '*' },
        Action: ['s3:BypassGovernanceRetention', 's3:DeleteBucket', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectLegalHold', 's3:PutObjectRetention'],
        Resource: [`arn:aws:s3:::<${bucketId}>`, `arn:aws:s3:::<${bucketId}>/*`], Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlass } } });
      expect(gapRules.CloudTrailLogBucketDeletionDenied.evaluate({ logicalId: stack.getLogicalId(trail.trail), resource: resources[stack.getLogicalId(trail.trail)], template: template.toJSON() }))
        .toBe(gapRules.RuleVerdict.COMPLIANT);
    });

    test('the SSE-S3 exception names the digest prefix of this account and this trail, nothing wider', () => {
      const exceptions = statements.filter((s: any) => s.NotResource !== undefined || s.Sid === 'DenySseS3ServiceObjectsFromOthers');
      expect(exceptions.map((s: any) => s.NotResource ?? s.Resource)).toEqual([
        [`arn:aws:s3:::<${bucketId}>/AWSLogs/<AWS::AccountId>/CloudTrail-Digest/*`], [`arn:aws:s3:::<${bucketId}>/AWSLogs/<AWS::AccountId>/CloudTrail-Digest/*`],
      ].map((a) => (a.length === 1 ? a[0] : a)));
      expect(exceptions[1].Condition.ArnNotEquals).toEqual({ 'aws:SourceArn': thisTrail });
    });
  });

  test('log group encrypted with the key and kept six years; delivery role trusted by this trail only', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 2192 });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } })] },
    });
  });

  test('one metric filter and one alarm per CIS monitoring control, each notifying the encrypted topic', () => { // and per audit-control change, on ALARM, OK and INSUFFICIENT_DATA
    expect(CIS_MONITORING_CONTROLS).toHaveLength(14);
    expect(AUDIT_MONITORING_CONTROLS.map((c) => c.name)).toEqual(['LogRetentionOrLogGroupDeletion', 'KmsKeyPolicyChangeOrDeletion',
      'TrailEventSelectorChanges', 'BackupVaultPolicyChanges', 'ObjectLockConfigurationChanges', 'RoleTrustPolicyChanges', 'KeyDeletionRoleAssumed']);
    // 14 CIS + 7 audit controls + this trail's own log file deletions.
    template.resourceCountIs('AWS::Logs::MetricFilter', 22);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 22);
    const topic = [{ Ref: Match.stringLikeRegexp('AuditAlarmTopic') }];
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: topic, OKActions: topic, InsufficientDataActions: topic,
    });
    for (const [name, events] of [['LogRetentionOrLogGroupDeletion', ['PutRetentionPolicy', 'DeleteRetentionPolicy', 'DeleteLogGroup']],
      ['KmsKeyPolicyChangeOrDeletion', ['PutKeyPolicy', 'ScheduleKeyDeletion']], ['TrailEventSelectorChanges', ['PutEventSelectors']],
      ['BackupVaultPolicyChanges', ['PutBackupVaultAccessPolicy', 'DeleteBackupVaultAccessPolicy', 'DeleteBackupVaultLockConfiguration']],
      ['ObjectLockConfigurationChanges', ['PutBucketObjectLockConfiguration']], ['RoleTrustPolicyChanges', ['UpdateAssumeRolePolicy']]] as const) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: Match.stringLikeRegexp(events.map((e) => `\\$\\.eventName = ${e}\\)`).join('.*')),
        MetricTransformations: [Match.objectLike({ MetricName: name })],
      });
    }
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('AssumeRole.*:role/cdk-hipaa-key-deletion-\\*'), MetricTransformations: [Match.objectLike({ MetricName: 'KeyDeletionRoleAssumed' })],
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

  test('every CIS and audit filter pattern parses as a CloudWatch Logs JSON pattern', () => {
    const controls = [...CIS_MONITORING_CONTROLS, ...AUDIT_MONITORING_CONTROLS];
    expect(AUDIT_MONITORING_CONTROLS.map((c) => c.name)).toEqual(['LogRetentionOrLogGroupDeletion', 'KmsKeyPolicyChangeOrDeletion', 'TrailEventSelectorChanges',
      'BackupVaultPolicyChanges', 'ObjectLockConfigurationChanges', 'RoleTrustPolicyChanges', 'KeyDeletionRoleAssumed']);
    for (const control of controls) expect([control.name, filterPatternProblem(control.pattern)]).toEqual([control.name, undefined]);
  });

  test('the pattern parser refuses what CloudWatch Logs refuses (so the test above can fail)', () => {
    expect(filterPatternProblem('{ ($.eventSource = kms.amazonaws.com) && (($.eventName = A) || ($.eventName = "B*")) }')).toBeUndefined();
    expect(filterPatternProblem('{ $.userIdentity.invokedBy NOT EXISTS && $.x IS NULL && $.n >= 3 && $.a[0].b != "x" }')).toBeUndefined();
    for (const bad of [
      '($.eventName = A)', // no braces
      '{ ($.eventName = A) }}', // stray brace
      '{ ($.eventName = A) && ($.eventName = B }', // unbalanced
      '{ ($.eventName = A) && }', // dangling operator
      '{ $.eventName == A }', // not an operator
      '{ eventName = A }', // not a selector
      '{ $.eventName = }', // no value
      '{ $.eventName = "unterminated }',
      '{ $.count > many }', // numeric operator with a string
      '{ $.x IS MAYBE }',
      '{ $.x NOT THERE }',
      `{ ${Array.from({ length: 60 }, (_, n) => `($.eventName = Action${n})`).join(' || ')} }`, // over 1024 characters
    ]) expect([bad.slice(0, 60), filterPatternProblem(bad)]).toEqual([bad.slice(0, 60), expect.any(String)]);
  });
});

describe('HipaaTrail with a narrower data-event selection', () => {
  const stack = testStack();
  const phi = new HipaaBucket(stack, 'Phi');
  const table = new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new HipaaTrail(stack, 'Audit', { alarmEmails: ['security@example.com'], dataEvents: TrailDataEvents.of({
    buckets: [phi.bucket], tables: [table.table],
    s3ObjectArnPrefixes: ['arn:aws:s3:::imaging-archive/studies/'], tableArnPrefixes: ['arn:aws:dynamodb:eu-west-1:111122223333:table/patients-'],
  }) });
  const template = Template.fromStack(stack);

  test('records the given buckets and prefixes, the given tables exactly and the table prefixes, and the stream reads of both', () => {
    const data = (type: string, arn: object) => ({ Name: Match.anyValue(), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [type] }, arn] });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [
        Match.objectLike({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }),
        data('AWS::S3::Object', { Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('PhiBucket'), 'Arn'] }, '/']] }, 'arn:aws:s3:::imaging-archive/studies/'] }),
        data('AWS::DynamoDB::Table', { Field: 'resources.ARN', Equals: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('RecordsTable'), 'Arn'] }] }),
        data('AWS::DynamoDB::Table', { Field: 'resources.ARN', StartsWith: ['arn:aws:dynamodb:eu-west-1:111122223333:table/patients-'] }),
        data('AWS::DynamoDB::Stream', { Field: 'resources.ARN', StartsWith: [
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('RecordsTable'), 'Arn'] }, '/stream/']] }, 'arn:aws:dynamodb:eu-west-1:111122223333:table/patients-'] }),
        Match.objectLike({ Name: 'Trail bucket: log file deletions, retention and legal hold changes' }),
      ],
    });
  });
});

test('HipaaTrail: COMPLIANCE mode by prop', () => {
  const stack = testStack();
  new HipaaTrail(stack, 'Audit', { alarmEmails: ['security@example.com'], logFileLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(2557) } });
  Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
    ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } } },
  });
});

describe('HipaaTrail alarm topic without subscriber', () => {
  // Strict validation (cdk.json) turns the warning into a synth failure; off here to read the annotation itself.
  const lenient = { context: { '@aws-cdk/core:strictCfnValidateErrors': false } };
  test('warns at synth when no email and no reason is given', () => {
    const stack = testStack('Test', lenient);
    new HipaaTrail(stack, 'Audit');
    Annotations.fromStack(stack).hasWarning('/Test/Audit/AlarmTopic', Match.stringLikeRegexp('no subscriber, so its alarms reach nobody'));
  });
  test('stays quiet with emails, or with a reason', () => {
    const stack = testStack('Test', lenient);
    new HipaaTrail(stack, 'Mailed', { trailName: 'mailed', alarmEmails: ['soc@example.com'] });
    new HipaaTrail(stack, 'Paged', { trailName: 'paged', alarmNoSubscriberReason: 'The on-call tool subscribes to alarmTopic from the paging stack.' });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('no subscriber'))).toEqual([]);
  });
});

describe('HipaaTrail rejects bad props', () => {
  test.each<[string, object, RegExp]>([
    ['trail name', { trailName: 'my trail' }, /trailName 'my trail' is not a valid trail name/],
    ['retention under six years', { logRetention: logs.RetentionDays.ONE_YEAR }, /logRetention is 365 days; audit logs must be kept at least 2192 days/],
    ['email', { alarmEmails: ['not-an-email'] }, /alarmEmails\[0\] is 'not-an-email'; use an email address/],
    ['log file lock shorter than six years', { logFileLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(365) } }, /logFileLock.retention is 365 days; use a whole number of days from 2192/],
    ['empty data-event selection', { dataEvents: TrailDataEvents.of({}) }, /dataEvents selects no bucket and no table/],
    ['bucket prefix without a bucket', { dataEvents: TrailDataEvents.of({ s3ObjectArnPrefixes: ['arn:aws:s3:::'] }) }, /dataEvents.s3ObjectArnPrefixes has 'arn:aws:s3:::'/],
    ['table prefix without account', { dataEvents: TrailDataEvents.of({ tableArnPrefixes: ['arn:aws:dynamodb:::table/x'] }) }, /dataEvents.tableArnPrefixes has/],
  ])('%s', (_name, props, message) => {
    expect(() => new HipaaTrail(testStack(), 'T', props)).toThrow(message);
  });
});
