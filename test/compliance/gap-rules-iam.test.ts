import * as rules from '../../lib/compliance/rules';
import { actionPatternMatches, tamperActionsAllowedBy } from '../../lib/policies/audit-tamper';

const { RuleVerdict } = rules;
type Resources = Record<string, rules.CfnTemplateResource>;
const subjectOf = (resources: Resources, logicalId: string): rules.RuleSubject => ({ logicalId, resource: resources[logicalId], template: { Resources: resources } });
const partitionArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });
const trust = (service: string, condition?: object) => ({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service }, ...(condition ? { Condition: condition } : {}) }] });

describe('audit-tamper action matching', () => {
  test.each([
    ['*', 'logs:PutRetentionPolicy', true], ['logs:*', 'logs:PutRetentionPolicy', true], ['logs:Put*', 'logs:PutRetentionPolicy', true],
    ['LOGS:putretentionpolicy', 'logs:PutRetentionPolicy', true], ['s3:PutBucket?olicy', 's3:PutBucketPolicy', true],
    ['logs:PutLogEvents', 'logs:PutRetentionPolicy', false], ['logs:Put', 'logs:PutRetentionPolicy', false], ['kms:Decrypt*', 'kms:DisableKey', false],
  ])('%s covers %s: %s', (pattern, action, expected) => expect(actionPatternMatches(pattern, action)).toBe(expected));

  test('NotAction allows every tamper action it does not exclude', () => {
    expect(tamperActionsAllowedBy({ Effect: 'Allow', NotAction: ['logs:*'] })).toContain('cloudtrail:StopLogging');
    expect(tamperActionsAllowedBy({ Effect: 'Allow', NotAction: ['logs:*'] })).not.toContain('logs:DeleteLogGroup');
  });

  test('Deny statements allow nothing', () => expect(tamperActionsAllowedBy({ Effect: 'Deny', Action: '*' })).toEqual([]));
});

describe('WorkloadRoleAuditTamper', () => {
  const evaluate = (resources: Resources) => rules.WorkloadRoleAuditTamper.evaluate(subjectOf(resources, 'Role'));
  const role = (props: object = {}, service = 'ec2.amazonaws.com') => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust(service), ...props } });
  const write = { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:r:a:log-group:/app:*' };

  test('compliant: an instance role that only writes its own log streams', () =>
    expect(evaluate({ Role: role({ Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [write] } }] }) })).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a service role (AWS Backup) is judged by other rules', () =>
    expect(evaluate({ Role: role({ ManagedPolicyArns: [partitionArn('AdministratorAccess')] }, 'backup.amazonaws.com') })).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: the AWS managed CloudWatchAgentServerPolicy (logs:PutRetentionPolicy on *)', () =>
    expect(evaluate({ Role: role({ ManagedPolicyArns: [partitionArn('CloudWatchAgentServerPolicy')] }) })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an AWS managed policy written with Fn::Sub', () =>
    expect(evaluate({ Role: role({ ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess' }] }) })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an inline policy with a wildcard that covers a tamper action', () =>
    expect(evaluate({ Role: role({ Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [write, { Effect: 'Allow', Action: 'logs:Put*', Resource: '*' }] } }] }) })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an AWS::IAM::Policy that names the Lambda role', () => expect(evaluate({
    Role: role({}, 'lambda.amazonaws.com'),
    Extra: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'cloudtrail:StopLogging', Resource: '*' }] } } },
  })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a customer managed policy of the template, attached by the role', () => expect(evaluate({
    Role: role({ ManagedPolicyArns: [{ Ref: 'Managed' }] }),
    Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] } } },
  })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a customer managed policy that attaches itself to the role', () => expect(evaluate({
    Role: role(),
    Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: '*' }] } } },
  })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('ServiceTrustConfusedDeputy', () => {
  const evaluateRole = (service: string, condition?: object) =>
    rules.ServiceTrustConfusedDeputy.evaluate(subjectOf({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust(service, condition) } } }, 'R'));
  const account = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } };
  test('compliant: AWS Backup trusted for this account only', () => expect(evaluateRole('backup.amazonaws.com', account)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: CloudTrail trusted for one trail (aws:SourceArn, any key case)', () =>
    expect(evaluateRole('cloudtrail.amazonaws.com', { ArnEquals: { 'AWS:SourceArn': 'arn' } })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: AWS Backup with no condition', () => expect(evaluateRole('backup.amazonaws.com')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: Config with an unrelated condition', () =>
    expect(evaluateRole('config.amazonaws.com', { StringEquals: { 'aws:PrincipalTag/x': 'y' } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: EC2 (sets neither key when it assumes an instance role)', () => expect(evaluateRole('ec2.amazonaws.com')).toBe(RuleVerdict.NOT_APPLICABLE));

  const permission = (props: object) => rules.ServiceTrustConfusedDeputy.evaluate(subjectOf({ P: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'f', ...props } } }, 'P'));
  test('compliant: a Lambda permission for Config with SourceAccount and SourceArn', () =>
    expect(permission({ Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' }, SourceArn: 'arn' })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: a Lambda permission for a service with neither', () => expect(permission({ Principal: 'config.amazonaws.com' })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: a Lambda permission for an account principal', () => expect(permission({ Principal: 'arn:aws:iam::account:root' })).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('LogsKeyOneLogGroup', () => {
  const logsPrincipal = { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } };
  const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:log-group:${name}`]] });
  const key = (...conditions: Array<object | undefined>) => rules.LogsKeyOneLogGroup.evaluate(subjectOf({ K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [
    { Effect: 'Allow', Principal: { AWS: 'root' }, Action: 'kms:*', Resource: '*' },
    ...conditions.map((Condition) => ({ Effect: 'Allow', Principal: logsPrincipal, Action: 'kms:Encrypt*', Resource: '*', ...(Condition ? { Condition } : {}) })),
  ] } } } }, 'K'));
  const ctx = 'kms:EncryptionContext:aws:logs:arn';

  test('compliant: one statement per log group, each naming it exactly', () =>
    expect(key({ ArnEquals: { [ctx]: arn('/app/web') } }, { ArnLike: { [ctx]: arn('/app/app') } })).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a key CloudWatch Logs may not use', () => expect(key()).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: a wildcard log group', () => expect(key({ ArnLike: { [ctx]: arn('*') } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a prefix wildcard in one of two statements', () =>
    expect(key({ ArnEquals: { [ctx]: arn('/app/web') } }, { ArnLike: { [ctx]: arn('/app/*') } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: several log groups in one statement', () =>
    expect(key({ ArnEquals: { [ctx]: [arn('/a'), arn('/b')] } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no encryption-context condition', () => expect(key(undefined)).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: only a source-account condition', () =>
    expect(key({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } })).toBe(RuleVerdict.NON_COMPLIANT));
});
