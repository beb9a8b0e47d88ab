import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import * as rules from '../../../lib/compliance/rules';
import { HipaaDatabase, HipaaVpc } from '../../../lib';
import { actionPatternMatches, tamperActionsAllowedBy } from '../../../lib/policies/audit-tamper';
import { testStack } from '../../helpers';
import { Resources, subjectOf } from './subject';

const { RuleVerdict } = rules;
const partitionArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });
const trust = (service: string, condition?: object) => ({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service }, ...(condition ? { Condition: condition } : {}) }] });
const evaluate = (resources: Resources, logicalId = 'Role') => rules.WorkloadRoleReadsDbMasterSecret.evaluate(subjectOf(resources, logicalId));
const role = (props: object = {}, service = 'ec2.amazonaws.com') => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust(service), ...props } });
const inline = (...statements: object[]) => ({ Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] });
const read = (resource: unknown, action: unknown = 'secretsmanager:GetSecretValue') => ({ Effect: 'Allow', Action: action, Resource: resource });
const master: Resources = {
  Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
  Attachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'Secret' }, TargetId: { Ref: 'Db' }, TargetType: 'AWS::RDS::DBInstance' } },
  Db: { Type: 'AWS::RDS::DBInstance', Properties: {} },
};
const otherSecret: Resources = { Other: { Type: 'AWS::SecretsManager::Secret', Properties: {} } };

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

describe('WorkloadRoleReadsDbMasterSecret (template)', () => {
  test('compliant: a workload role that reads another secret of the template', () =>
    expect(evaluate({ ...master, ...otherSecret, Role: role(inline(read({ Ref: 'Other' }))) })).toBe(RuleVerdict.COMPLIANT));
  test('compliant: rds-db:connect only (IAM authentication)', () =>
    expect(evaluate({ ...master, Role: role(inline({ Effect: 'Allow', Action: 'rds-db:connect', Resource: 'arn:aws:rds-db:r:a:dbuser:db-ABC/app' })) })).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: no RDS master secret in the template', () =>
    expect(evaluate({ ...otherSecret, Role: role(inline(read('*'))) })).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a service role (not a workload)', () =>
    expect(evaluate({ ...master, Role: role(inline(read({ Ref: 'Attachment' })), 'backup.amazonaws.com') })).toBe(RuleVerdict.NOT_APPLICABLE));

  test.each([
    ['the attached secret (Ref of the attachment, as CDK writes it)', read({ Ref: 'Attachment' })],
    ['the secret itself', read({ Ref: 'Secret' })],
    ['every resource', read('*')],
    ['a wildcard secret ARN', read({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:*']] })],
    ['a wildcard action', read({ Ref: 'Attachment' }, 'secretsmanager:Get*')],
    ['all actions', read({ Ref: 'Attachment' }, '*')],
    ['NotAction that does not exclude it', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
  ])('non-compliant: an instance role allowed GetSecretValue on %s', (_name, statement) =>
    expect(evaluate({ ...master, Role: role(inline(statement)) })).toBe(RuleVerdict.NON_COMPLIANT));

  test('non-compliant: the RDS-managed master secret (ManageMasterUserPassword)', () => expect(evaluate({
    Db: { Type: 'AWS::RDS::DBCluster', Properties: { ManageMasterUserPassword: true } },
    Role: role(inline(read({ 'Fn::GetAtt': ['Db', 'MasterUserSecret.SecretArn'] })), 'lambda.amazonaws.com'),
  })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an AWS managed policy that reads every secret', () =>
    expect(evaluate({ ...master, Role: role({ ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/SecretsManagerReadWrite' }] }) })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a customer managed policy that attaches itself to the role', () => expect(evaluate({
    ...master, Role: role(),
    Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [read({ Ref: 'Attachment' })] } } },
  })).toBe(RuleVerdict.NON_COMPLIANT));
  test('Deny statements allow nothing', () =>
    expect(evaluate({ ...master, Role: role(inline({ Effect: 'Deny', Action: '*', Resource: '*' })) })).toBe(RuleVerdict.COMPLIANT));

  const provisioner: Resources = {
    ...master,
    Role: role(inline(read({ Ref: 'Attachment' })), 'lambda.amazonaws.com'),
    Provisioner: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    Relay: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { TARGET_FUNCTION_ARN: { 'Fn::GetAtt': ['Provisioner', 'Arn'] } } } } },
    User: { Type: 'Custom::HipaaDatabaseUser', Properties: { ServiceToken: { 'Fn::GetAtt': ['Relay', 'Arn'] } } },
  };
  test('compliant: the role of the function a Custom::HipaaDatabaseUser relays to', () => expect(evaluate(provisioner)).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: the same role without the custom resource that makes it the provisioner', () => {
    const { User: _user, ...rest } = provisioner;
    expect(evaluate(rest)).toBe(RuleVerdict.NON_COMPLIANT);
  });
});

describe('WorkloadRoleReadsDbMasterSecret on HipaaDatabase', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc, databaseName: 'records' });
  const app = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  db.grantConnect(app, 'app', { privileges: ['SELECT'] });
  const leaky = new iam.Role(stack, 'Leaky', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  db.secret.grantRead(leaky);
  const json = Template.fromStack(stack).toJSON();
  const verdict = (c: IConstruct) => {
    const logicalId = stack.getLogicalId(c.node.defaultChild as any);
    return rules.WorkloadRoleReadsDbMasterSecret.evaluate({ logicalId, resource: json.Resources[logicalId], template: json });
  };

  test('the provisioner (the only reader of the master secret) and a grantConnect grantee pass', () => {
    expect(verdict((db.node.findChild('UserProvisioner').node.findChild('Provisioner') as any).role)).toBe(RuleVerdict.COMPLIANT);
    expect(verdict((db.node.findChild('UserProvisioner').node.findChild('Relay') as any).role)).toBe(RuleVerdict.COMPLIANT);
    expect(verdict(app)).toBe(RuleVerdict.COMPLIANT);
  });

  test('a workload role given secret.grantRead fails', () => expect(verdict(leaky)).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('PermissionsBoundaryAllowsAll', () => {
  const evaluate = (allow: object, bounded = true) => rules.PermissionsBoundaryAllowsAll.evaluate(subjectOf({
    B: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [allow, { Effect: 'Deny', Action: 'logs:*', Resource: '*' }] } } },
    R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust('lambda.amazonaws.com'), ...(bounded ? { PermissionsBoundary: { Ref: 'B' } } : {}) } },
  }, 'B'));

  test('compliant: a boundary that lists actions (Verb* patterns included); a Deny of logs:* is not judged', () =>
    expect(evaluate({ Effect: 'Allow', Action: ['logs:PutLogEvents', 's3:Get*'], Resource: '*' })).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a managed policy no role uses as its boundary', () =>
    expect(evaluate({ Effect: 'Allow', Action: '*', Resource: '*' }, false)).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: Allow *', () => expect(evaluate({ Effect: 'Allow', Action: '*', Resource: '*' })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: Allow service:* among listed actions', () =>
    expect(evaluate({ Effect: 'Allow', Action: ['logs:PutLogEvents', 'ec2:*'], Resource: '*' })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: Allow with NotAction', () => expect(evaluate({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).toBe(RuleVerdict.NON_COMPLIANT));
});
