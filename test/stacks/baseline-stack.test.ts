import { Match, Template } from 'aws-cdk-lib/assertions';
import { applyHipaaChecks, HipaaBaselineStack } from '../../lib';
import { maskedTemplate, synthAndReadReport, testApp } from '../helpers';

describe('HipaaBaselineStack', () => {
  const app = testApp();
  const stack = new HipaaBaselineStack(app, 'Baseline', { alarmEmails: ['security@example.com'] });
  const template = Template.fromStack(stack);

  test('a trail and the Config recorder with the HIPAA rules', () => {
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
    template.resourceCountIs('AWS::Config::DeliveryChannel', 1);
    template.resourceCountIs('AWS::Config::ConfigRule', 129 + 4); // the whole HIPAA pack and the custom rules
  });

  test('GuardDuty with the agentless protection plans', () => {
    template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Features: ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'].map((Name) => ({ Name, Status: 'ENABLED' })),
    });
  });

  test('Security Hub with consolidated control findings and three standards', () => {
    template.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL', AutoEnableControls: true });
    template.resourceCountIs('AWS::SecurityHub::Standard', 3);
    for (const standard of ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/3.0.0', 'nist-800-53/v/5.0.0']) {
      template.hasResource('AWS::SecurityHub::Standard', {
        Properties: { StandardsArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, `::standards/${standard}`]] } },
        DependsOn: [Match.stringLikeRegexp('SecurityHub')],
      });
    }
  });

  test('IAM Access Analyzer for the account', () => {
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' });
  });

  test('account settings through the custom resource: pack password policy, EBS default encryption, S3 account BPA', () => {
    template.hasResourceProperties('Custom::HipaaAccountSettings', {
      AccountId: { Ref: 'AWS::AccountId' }, MinimumPasswordLength: '14', MaxPasswordAge: '90', PasswordReusePrevention: '24', EbsDefaultKmsKeyArn: '',
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['iam:UpdateAccountPasswordPolicy', 's3:PutAccountPublicAccessBlock']) })]) },
    });
  });

  test('the break-glass role that alone may schedule key deletions: fixed name per region, MFA only, one-hour sessions, nothing else', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', ['cdk-hipaa-key-deletion-', { Ref: 'AWS::Region' }]] },
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })] },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(stack.keyDeletionRole.node.defaultChild as any) }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion'] })] },
    });
  });

  test('findings reach the security topic: GuardDuty medium and above, Security Hub HIGH/CRITICAL FAILED NEW, Access Analyzer, HIPAA Config NON_COMPLIANT', () => {
    const topic = { Ref: Match.stringLikeRegexp('TrailAlarmTopic') };
    const rule = (pattern: object) => template.hasResourceProperties('AWS::Events::Rule', { State: 'ENABLED', EventPattern: pattern, Targets: [Match.objectLike({ Arn: topic })] });
    rule({ 'source': ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], 'detail': { severity: [{ numeric: ['>=', 4] }] } });
    rule({ 'source': ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'], 'detail': { findings: {
      Severity: { Label: ['HIGH', 'CRITICAL'] }, Compliance: { Status: ['FAILED'] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } } });
    rule({ 'source': ['aws.access-analyzer'], 'detail-type': ['Access Analyzer Finding'], 'detail': { status: ['ACTIVE'] } });
    rule({ 'source': ['aws.config'], 'detail-type': ['Config Rules Compliance Change'], 'detail': {
      messageType: ['ComplianceChangeNotification'], configRuleName: [{ prefix: 'hipaa-' }], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } });
    template.resourceCountIs('AWS::Events::Rule', 4);
  });

  test('the topic admits EventBridge for these four rules only; the key lets EventBridge encrypt, without the source condition SNS does not support there', () => {
    const ruleArns = stack.findingRules.map((r) => ({ 'Fn::GetAtt': [stack.getLogicalId(r.node.defaultChild as any), 'Arn'] }));
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Sid: 'AllowEventBridgeFindingRules', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } } })]) } });
    // The statement exactly: an aws:SourceAccount / aws:SourceArn condition here drops every finding
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    const eventBridgeKeyStatements = Object.values(template.findResources('AWS::KMS::Key')).flatMap((k: any) => k.Properties.KeyPolicy.Statement)
      .filter((st: any) => JSON.stringify(st.Principal).includes('events.amazonaws.com'));
    expect(eventBridgeKeyStatements).toEqual([{ Sid: 'AllowEventBridgeOfThisAccount', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' }]);
    // CloudWatch's statement keeps aws:SourceAccount, which SNS advises for it.
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([{ Sid: 'AllowCloudWatchAlarmsOfThisAccount', Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }]) } });
  });

  test('without alarm emails the destination is a CloudFormation parameter without default (deploying needs a person)', () => {
    const bare = new HipaaBaselineStack(testApp(), 'Bare');
    const t = Template.fromStack(bare);
    t.hasParameter('AlarmEmail', { Type: 'String', Default: Match.absent(), AllowedPattern: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
    template.templateMatches({ Parameters: Match.not(Match.objectLike({ AlarmEmail: Match.anyValue() })) });
  });

  test('rejects an empty list of key deletion approvers', () => {
    expect(() => new HipaaBaselineStack(testApp(), 'B', { keyDeletionApprovers: [] })).toThrow(/keyDeletionApprovers is empty/);
  });

  test('an account that already runs GuardDuty, Security Hub and an account analyzer: none created, each skip noted', () => {
    const existing = new HipaaBaselineStack(testApp(), 'Lived', { existingAccountServices: { guardDuty: true, securityHub: true, accessAnalyzer: true }, createConfigRecorder: false });
    const t = Template.fromStack(existing);
    for (const type of ['AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard', 'AWS::AccessAnalyzer::Analyzer', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel']) {
      t.resourceCountIs(type, 0);
    }
    expect([existing.detector, existing.securityHub, existing.accessAnalyzer]).toEqual([undefined, undefined, undefined]);
    const notes = existing.node.metadata.filter((m) => m.type === 'aws:cdk:info').map((m) => String(m.data));
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^GuardDuty is not created/), expect.stringMatching(/^Security Hub is not created/),
      expect.stringMatching(/^IAM Access Analyzer \(account\) is not created/)]));
    t.resourceCountIs('AWS::CloudTrail::Trail', 1);
    t.resourceCountIs('Custom::HipaaAccountSettings', 1);
  });

  test('each flag skips only its own service', () => {
    const t = Template.fromStack(new HipaaBaselineStack(testApp(), 'OnlyHub', { existingAccountServices: { securityHub: true } }));
    t.resourceCountIs('AWS::SecurityHub::Hub', 0);
    t.resourceCountIs('AWS::GuardDuty::Detector', 1);
    t.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 1);
  });

  test('rejects a weaker password policy', () => {
    expect(() => new HipaaBaselineStack(testApp(), 'B', { passwordPolicy: { minimumLength: 8 } })).toThrow(/passwordPolicy.minimumLength is 8; the HIPAA conformance pack requires 14 to 128/);
    expect(() => new HipaaBaselineStack(testApp(), 'B', { passwordPolicy: { maxAgeDays: 365 } })).toThrow(/passwordPolicy.maxAgeDays is 365/);
  });

  test('matches the masked snapshot', () => {
    expect(maskedTemplate(stack)).toMatchSnapshot();
  });
});

describe('HipaaBaselineStack under every check', () => {
  test('zero findings from every plugin (CloudFormation validation: test/app.test.ts)', () => {
    const app = testApp();
    new HipaaBaselineStack(app, 'Baseline', { alarmEmails: ['security@example.com'] });
    applyHipaaChecks(app);
    const outcome = synthAndReadReport(app);
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });
});

describe('HipaaBaselineStack Session Manager preferences', () => {
  const stack = new HipaaBaselineStack(testApp(), 'Baseline');
  const template = Template.fromStack(stack);
  const document = Object.values(template.findResources('AWS::SSM::Document'))[0];
  const keyId = stack.getLogicalId(stack.sessionManager.key.key.node.defaultChild as any);

  test('the account preferences document: sessions streamed to the encrypted log group, KMS-encrypted, idle timeout, no run-as', () => {
    expect(document.Properties.Name).toBe('SSM-SessionManagerRunShell');
    expect(document.Properties.DocumentType).toBe('Session');
    expect(document.Properties.Content.inputs).toEqual(expect.objectContaining({
      cloudWatchLogGroupName: '/hipaa/session-manager', cloudWatchEncryptionEnabled: true, cloudWatchStreamingEnabled: true,
      kmsKeyId: { Ref: keyId }, idleSessionTimeout: '15', maxSessionDuration: '60', runAsEnabled: false,
    }));
  });

  test('the session key (six-year session logs) may be scheduled for deletion only by the break-glass role', () => {
    const policy = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
    expect(policy.find((s: any) => s.Sid === 'DenyKeyDeletionExceptBreakGlassRole')).toEqual(expect.objectContaining({
      Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-hipaa-key-deletion-', { Ref: 'AWS::Region' }]] } } },
    }));
  });

  test('the session log group is encrypted with the session key (alias the instance roles name) and kept six years', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/hipaa/session-manager', KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 2192 });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/hipaa/session-manager', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test.each([[{ sessionIdleTimeoutMinutes: 0 }, /sessionIdleTimeoutMinutes is 0/], [{ sessionIdleTimeoutMinutes: 90 }, /sessionIdleTimeoutMinutes is 90/],
    [{ sessionMaxMinutes: 2000 }, /sessionMaxMinutes is 2000/]])('rejects %j', (props, error) => {
    expect(() => new HipaaBaselineStack(testApp(), 'B', props)).toThrow(error);
  });
});
