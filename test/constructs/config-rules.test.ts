import { Match, Template } from 'aws-cdk-lib/assertions';
import { HIPAA_MANAGED_RULES, HipaaConfigRules } from '../../lib';
import { HIPAA_CONFORMANCE_PACK_RULES, HIPAA_CONFORMANCE_PACK_SOURCE, PROCESS_CHECK_IDENTIFIER } from '../../constructs/config-rules/hipaa-conformance-pack';
import { testStack } from '../helpers';

const packRules = new Map(HIPAA_CONFORMANCE_PACK_RULES.map((r) => [r.identifier, r]));

describe('the conformance pack (in-repo data, with its source)', () => {
  test('130 distinct rules, 129 of them managed, from a pinned template and dated', () => {
    expect(packRules.size).toBe(130);
    expect(HIPAA_CONFORMANCE_PACK_RULES.filter((r) => r.identifier !== PROCESS_CHECK_IDENTIFIER)).toHaveLength(129);
    expect(HIPAA_CONFORMANCE_PACK_SOURCE.url).toMatch(/^https:\/\/github\.com\/awslabs\/aws-config-rules\/blob\/[0-9a-f]{40}\/.*HIPAA-Security\.yaml$/);
    expect(HIPAA_CONFORMANCE_PACK_SOURCE.templateDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('HIPAA_MANAGED_RULES (the list, as data)', () => {
  test('93 rules, each of the conformance pack, under the pack\'s name and with a safeguard', () => {
    expect(HIPAA_MANAGED_RULES).toHaveLength(93);
    expect(new Set(HIPAA_MANAGED_RULES.map((r) => r.identifier)).size).toBe(93);
    for (const rule of HIPAA_MANAGED_RULES) {
      expect([rule.identifier, packRules.get(rule.identifier)?.name]).toEqual([rule.identifier, rule.name]);
      expect(rule.safeguard).toMatch(/^164\.3\d\d\(/);
    }
  });

  test('parameters are the pack\'s defaults', () => {
    const text = (p?: Readonly<Record<string, unknown>>) => Object.entries(p ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
    for (const rule of HIPAA_MANAGED_RULES) {
      expect([rule.identifier, text(rule.parameters)]).toEqual([rule.identifier, text(packRules.get(rule.identifier)!.parameters)]);
    }
  });
});

describe('HipaaConfigRules without a recorder (the account already records)', () => {
  const stack = testStack();
  const rules = new HipaaConfigRules(stack, 'Rules');
  const template = Template.fromStack(stack);

  test('deploys every managed rule with the prefix, the pack parameters and its safeguard', () => {
    template.resourceCountIs('AWS::Config::ConfigRule', 94);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-iam-password-policy',
      Source: { Owner: 'AWS', SourceIdentifier: 'IAM_PASSWORD_POLICY' },
      InputParameters: { MaxPasswordAge: 90, MinimumPasswordLength: 14, PasswordReusePrevention: 24, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true, RequireUppercaseCharacters: true },
      Description: Match.stringLikeRegexp('164.312\\(d\\)'),
    });
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    template.resourceCountIs('AWS::Config::DeliveryChannel', 0);
    expect(Object.keys(rules.managedRules)).toHaveLength(93);
  });

  test('the custom PHI key rule: change-triggered on the five data store types, through its hardened function', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'hipaa-phi-data-stores-customer-managed-key',
      Source: { Owner: 'CUSTOM_LAMBDA', SourceDetails: [Match.objectLike({ EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' }), Match.objectLike({ MessageType: 'OversizedConfigurationItemChangeNotification' })] },
      Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::Volume'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':config:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':config-rule/*']] } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'ActionsWithoutResourceLevelPermissions', Action: Match.arrayWith(['config:GetResourceConfigHistory', 'config:PutEvaluations']) }),
        Match.objectLike({ Sid: 'ReadKeyFacts', Action: ['kms:DescribeKey', 'kms:GetKeyRotationStatus'] }),
      ]) },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('HipaaConfigRules with a recorder', () => {
  const stack = testStack();
  new HipaaConfigRules(stack, 'Rules', { createRecorder: true, excludedRules: { S3_BUCKET_DEFAULT_LOCK_ENABLED: 'Object Lock is applied per bucket where records require WORM retention.' } });
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

  test('rules wait for the recorder; an excluded rule is absent', () => {
    const rules = template.findResources('AWS::Config::ConfigRule');
    expect(Object.keys(rules)).toHaveLength(93);
    for (const rule of Object.values(rules)) expect(rule.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/RulesRecorder/)]));
    expect(JSON.stringify(rules)).not.toContain('S3_BUCKET_DEFAULT_LOCK_ENABLED');
  });
});

describe('HipaaConfigRules rejects bad props', () => {
  test.each<[string, object, RegExp]>([
    ['unknown rule', { excludedRules: { NOT_A_RULE: 'x'.repeat(40) } }, /excludedRules has 'NOT_A_RULE', which is not one of HIPAA_MANAGED_RULES/],
    ['short reason', { excludedRules: { ACCESS_KEYS_ROTATED: 'n/a' } }, /excludedRules\['ACCESS_KEYS_ROTATED'\] needs a reason of at least 30 characters/],
    ['prefix', { ruleNamePrefix: 'bad prefix!' }, /ruleNamePrefix 'bad prefix!'/],
  ])('%s', (_name, props, message) => {
    expect(() => new HipaaConfigRules(testStack(), 'R', props)).toThrow(message);
  });
});
