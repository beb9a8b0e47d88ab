import { Match, Template } from 'aws-cdk-lib/assertions';
import { HIPAA_MANAGED_RULES, HipaaConfigRules } from '../../lib';
import { CONFIG_EXCLUSIONS_METADATA_TYPE, HIPAA_CUSTOM_RULES } from '../../constructs/config-rules';
import { HIPAA_CONFORMANCE_PACK_RULES, HIPAA_CONFORMANCE_PACK_SOURCE, PROCESS_CHECK_IDENTIFIER } from '../../constructs/config-rules/hipaa-conformance-pack';
import { MANAGED_RULE_SAFEGUARDS } from '../../constructs/config-rules/hipaa-managed-rules';
import { testStack } from '../helpers';

const packRules = new Map(HIPAA_CONFORMANCE_PACK_RULES.map((r) => [r.identifier, r]));
const managedInPack = HIPAA_CONFORMANCE_PACK_RULES.filter((r) => r.identifier !== PROCESS_CHECK_IDENTIFIER);

describe('the conformance pack (in-repo data, with its source)', () => {
  test('130 distinct rules, 129 of them managed, from a pinned template and dated', () => {
    expect(packRules.size).toBe(130);
    expect(managedInPack).toHaveLength(129);
    expect(HIPAA_CONFORMANCE_PACK_SOURCE.url).toMatch(/^https:\/\/github\.com\/awslabs\/aws-config-rules\/blob\/[0-9a-f]{40}\/.*HIPAA-Security\.yaml$/);
    expect(HIPAA_CONFORMANCE_PACK_SOURCE.templateDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('HIPAA_MANAGED_RULES (the list, as data)', () => {
  test('all 129 managed rules of the pack, in its order, under its names, each with a HIPAA section', () => {
    expect(HIPAA_MANAGED_RULES.map((r) => [r.identifier, r.name])).toEqual(managedInPack.map((r) => [r.identifier, r.name]));
    for (const rule of HIPAA_MANAGED_RULES) expect([rule.identifier, rule.safeguard]).toEqual([rule.identifier, expect.stringMatching(/^164\.3\d\d\(/)]);
  });

  test('the section map has exactly the pack\'s managed rules (a pack update without a mapping fails here)', () => {
    expect(Object.keys(MANAGED_RULE_SAFEGUARDS).sort()).toEqual(managedInPack.map((r) => r.identifier).sort());
  });

  test('parameters and scopes are the pack\'s; an empty default is left out as the pack\'s condition does', () => {
    for (const rule of HIPAA_MANAGED_RULES) {
      const pack = packRules.get(rule.identifier)!;
      const expected = Object.fromEntries(Object.entries(pack.parameters ?? {}).filter(([, v]) => v !== ''));
      expect([rule.identifier, rule.parameters ?? {}]).toEqual([rule.identifier, expected]);
      expect([rule.identifier, rule.resourceTypes]).toEqual([rule.identifier, pack.resourceTypes]);
    }
    expect(HIPAA_MANAGED_RULES.find((r) => r.identifier === 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY')!.parameters).toBeUndefined();
  });
});

describe('HipaaConfigRules without a recorder (the account already records)', () => {
  const stack = testStack();
  const rules = new HipaaConfigRules(stack, 'Rules');
  const template = Template.fromStack(stack);

  test('deploys all 129 managed rules with the prefix, the pack parameters, the pack scope and their safeguard', () => {
    template.resourceCountIs('AWS::Config::ConfigRule', 129 + HIPAA_CUSTOM_RULES.length);
    expect(Object.keys(rules.managedRules)).toHaveLength(129);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-iam-password-policy',
      Source: { Owner: 'AWS', SourceIdentifier: 'IAM_PASSWORD_POLICY' },
      InputParameters: { MaxPasswordAge: '90', MinimumPasswordLength: '14', PasswordReusePrevention: '24', RequireLowercaseCharacters: 'true', RequireNumbers: 'true', RequireSymbols: 'true', RequireUppercaseCharacters: 'true' },
      Description: Match.stringLikeRegexp('164.312\\(d\\)'),
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-api-gw-execution-logging-enabled',
      Scope: { ComplianceResourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'] },
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-internet-gateway-authorized-vpc-only', InputParameters: Match.absent(),
    });
    for (const rule of HIPAA_MANAGED_RULES) {
      template.hasResourceProperties('AWS::Config::ConfigRule', { ConfigRuleName: `hipaa-${rule.name}`, Source: { Owner: 'AWS', SourceIdentifier: rule.identifier } });
    }
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    template.resourceCountIs('AWS::Config::DeliveryChannel', 0);
  });

  test('the custom rules: scope, trigger and a hardened function each, with only the calls its handler makes', () => {
    expect(Object.keys(rules.customRules).sort()).toEqual(HIPAA_CUSTOM_RULES.map((r) => r.name).sort());
    expect(rules.phiKeyRule).toBe(rules.customRules['phi-data-stores-customer-managed-key']);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-phi-data-stores-customer-managed-key',
      Source: { Owner: 'CUSTOM_LAMBDA', SourceDetails: [Match.objectLike({ EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' }), Match.objectLike({ MessageType: 'OversizedConfigurationItemChangeNotification' })] },
      Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::Volume'] },
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-phi-instances-dedicated-tenancy',
      Source: { Owner: 'CUSTOM_LAMBDA', SourceDetails: Match.arrayWith([Match.objectLike({ MessageType: 'ConfigurationItemChangeNotification' })]) },
      Scope: { ComplianceResourceTypes: ['AWS::EC2::Instance'] },
      Description: Match.stringLikeRegexp('HipaaGap-DedicatedTenancy'),
    });
    for (const name of ['elbv2-target-groups-https-only', 'log-groups-retained-six-years']) {
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        ConfigRuleName: `hipaa-${name}`, Scope: Match.absent(),
        Source: { Owner: 'CUSTOM_LAMBDA', SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'TwentyFour_Hours' }] },
      });
    }
    template.resourceCountIs('AWS::Lambda::Function', HIPAA_CUSTOM_RULES.length);
    template.allResourcesProperties('AWS::Lambda::Permission', { Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':config:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':config-rule/*']] } });
    const statements = (fragment: string) => Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter(([id]) => id.includes(fragment)).flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
    const actions = (fragment: string) => statements(fragment).flatMap((s: any) => [s.Action].flat());
    expect(actions('PhiKeyRule')).toEqual(expect.arrayContaining(['config:PutEvaluations', 'config:GetResourceConfigHistory', 'kms:DescribeKey', 'kms:GetKeyRotationStatus']));
    expect(actions('PhiTenancyRule')).toEqual(expect.arrayContaining(['config:PutEvaluations', 'config:GetResourceConfigHistory']));
    // Beyond Config, logs and tracing: only sending to the functions' SSE-KMS dead-letter queue.
    expect(actions('PhiTenancyRule').filter((a: string) => !/^(config|logs|kms:Decrypt|xray)/.test(a)).sort()).toEqual(['kms:GenerateDataKey', 'sqs:SendMessage']);
    const send = statements('PhiTenancyRule').find((s: any) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(JSON.stringify(send.Resource)).toMatch(/CdkHipaaFunctionDeadLetters/);
    expect(actions('HttpsTargetGroupRule')).toContain('elasticloadbalancing:DescribeTargetGroups');
    expect(actions('LogRetentionRule')).toContain('logs:DescribeLogGroups');
    expect(actions('LogRetentionRule')).not.toContain('logs:GetLogEvents');
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('HipaaConfigRules with a recorder', () => {
  const stack = testStack();
  const construct = new HipaaConfigRules(stack, 'Rules', {
    createRecorder: true,
    excludedRules: {
      S3_BUCKET_DEFAULT_LOCK_ENABLED: 'Object Lock is applied per bucket where records require WORM retention.',
      'log-groups-retained-six-years': 'The account runs the managed cw-loggroup-retention-period-check with MinRetentionTime=2192 instead.',
    },
    ruleParameters: { INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY: { AuthorizedVpcIds: 'vpc-0a1b2c3d' } },
  });
  const template = Template.fromStack(stack);

  test('records all resource types including global ones, through a role with AWS_ConfigRole and scoped delivery', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'Deliver', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } })]) },
    });
  });

  test('delivers daily snapshots to a KMS-encrypted bucket with the key', () => {
    template.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: { Ref: Match.stringLikeRegexp('RulesDeliveryBucket') }, S3KmsKeyArn: Match.anyValue(),
      ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
    });
  });

  test('rules wait for the recorder; excluded rules are absent and their reasons recorded for the evidence report', () => {
    const rules = template.findResources('AWS::Config::ConfigRule');
    expect(Object.keys(rules)).toHaveLength(129 - 1 + HIPAA_CUSTOM_RULES.length - 1);
    for (const rule of Object.values(rules)) expect(rule.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/RulesRecorder/)]));
    expect(JSON.stringify(rules)).not.toContain('S3_BUCKET_DEFAULT_LOCK_ENABLED');
    expect(JSON.stringify(rules)).not.toContain('log-groups-retained-six-years');
    expect(construct.node.metadata.find((m) => m.type === CONFIG_EXCLUSIONS_METADATA_TYPE)?.data).toEqual({
      S3_BUCKET_DEFAULT_LOCK_ENABLED: 'Object Lock is applied per bucket where records require WORM retention.',
      'log-groups-retained-six-years': 'The account runs the managed cw-loggroup-retention-period-check with MinRetentionTime=2192 instead.',
    });
  });

  test('ruleParameters replace the pack\'s defaults', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-internet-gateway-authorized-vpc-only', InputParameters: { AuthorizedVpcIds: 'vpc-0a1b2c3d' },
    });
  });

  test('cloudtrail-s3-dataevents-enabled checks every bucket by default (no S3BucketNames: the rule is not narrowed)', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-cloudtrail-s3-dataevents-enabled', Source: { Owner: 'AWS', SourceIdentifier: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED' }, InputParameters: Match.absent(),
    });
  });

  test('S3BucketNames, documented by AWS but unset in the pack, is accepted for cloudtrail-s3-dataevents-enabled', () => {
    const s = testStack();
    new HipaaConfigRules(s, 'Rules', { ruleParameters: { CLOUDTRAIL_S3_DATAEVENTS_ENABLED: { S3BucketNames: 'patients-records,patients-imaging' } } });
    Template.fromStack(s).hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-cloudtrail-s3-dataevents-enabled', InputParameters: { S3BucketNames: 'patients-records,patients-imaging' },
    });
    expect(() => new HipaaConfigRules(testStack(), 'R', { ruleParameters: { CLOUDTRAIL_S3_DATAEVENTS_ENABLED: { BucketNames: 'x' } } }))
      .toThrow(/ruleParameters.CLOUDTRAIL_S3_DATAEVENTS_ENABLED has 'BucketNames'; AWS documents S3BucketNames/);
  });
});

describe('HipaaConfigRules rejects bad props', () => {
  test.each<[string, object, RegExp]>([
    ['unknown rule', { excludedRules: { NOT_A_RULE: 'x'.repeat(40) } }, /excludedRules has 'NOT_A_RULE', which is not one of HIPAA_MANAGED_RULES/],
    ['short reason', { excludedRules: { ACCESS_KEYS_ROTATED: 'n/a' } }, /excludedRules\['ACCESS_KEYS_ROTATED'\] is 'n\/a'; it needs a reason of at least 30 characters/],
    ['a reason that is mostly the rule id', { excludedRules: { ACCESS_KEYS_ROTATED: 'ACCESS_KEYS_ROTATED: access-keys-rotated off' } }, /needs a reason of at least 30 characters besides the rule's id/],
    ['a custom rule with a short reason', { excludedRules: { 'phi-instances-dedicated-tenancy': 'phi-instances-dedicated-tenancy not needed' } }, /excludedRules\['phi-instances-dedicated-tenancy'\]/],
    ['parameters of an unknown rule', { ruleParameters: { NOT_A_RULE: { x: '1' } } }, /ruleParameters has 'NOT_A_RULE', which is not a managed rule of the pack with parameters; only these take parameters: ACCESS_KEYS_ROTATED/],
    ['parameters of a rule without any', { ruleParameters: { CLOUD_TRAIL_ENABLED: { x: '1' } } }, /ruleParameters has 'CLOUD_TRAIL_ENABLED'/],
    ['a parameter the pack does not define', { ruleParameters: { ACCESS_KEYS_ROTATED: { maxAge: '30' } } }, /ruleParameters.ACCESS_KEYS_ROTATED has 'maxAge'; the pack defines maxAccessKeyAge/],
    ['prefix', { ruleNamePrefix: 'bad prefix!' }, /ruleNamePrefix is 'bad prefix!'/],
  ])('%s', (_name, props, message) => {
    expect(() => new HipaaConfigRules(testStack(), 'R', props)).toThrow(message);
  });
});
