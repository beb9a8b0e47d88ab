import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HIPAA_MANAGED_RULES, HipaaConfigRules } from '../../lib';
import { testStack } from '../helpers';

const packFile = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'hipaa-conformance-pack.md'), 'utf8');
const packRules = new Map([...packFile.matchAll(/^\| `([A-Z0-9_]+)` \| ([a-z0-9-]+) \| ([^|]*)\|$/gm)].map((m) => [m[1], { name: m[2], parameters: m[3].trim() }]));

describe('HIPAA_MANAGED_RULES (the list, as data)', () => {
  test('93 rules, each of the conformance pack, under the pack\'s name and with a safeguard', () => {
    expect(packRules.size).toBe(130);
    expect(HIPAA_MANAGED_RULES).toHaveLength(93);
    expect(new Set(HIPAA_MANAGED_RULES.map((r) => r.identifier)).size).toBe(93);
    for (const rule of HIPAA_MANAGED_RULES) {
      expect(packRules.get(rule.identifier)?.name).toBe(rule.name);
      expect(rule.safeguard).toMatch(/^164\.3\d\d\(/);
    }
  });

  test('parameters are the pack\'s defaults', () => {
    for (const rule of HIPAA_MANAGED_RULES) {
      const expected = packRules.get(rule.identifier)!.parameters;
      const actual = Object.entries(rule.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
      expect([rule.identifier, actual]).toEqual([rule.identifier, expected]);
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
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
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
