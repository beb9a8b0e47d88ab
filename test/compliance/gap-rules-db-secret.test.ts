import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import * as rules from '../../lib/compliance/rules';
import { HipaaDatabase, HipaaVpc } from '../../lib';
import { testStack } from '../helpers';

const { RuleVerdict } = rules;
type Resources = Record<string, rules.CfnTemplateResource>;
const evaluate = (resources: Resources, logicalId = 'Role') =>
  rules.WorkloadRoleReadsDbMasterSecret.evaluate({ logicalId, resource: resources[logicalId], template: { Resources: resources } });
const trust = (service: string) => ({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service } }] });
const role = (props: object = {}, service = 'ec2.amazonaws.com') => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust(service), ...props } });
const inline = (...statements: object[]) => ({ Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] });
const read = (resource: unknown, action: unknown = 'secretsmanager:GetSecretValue') => ({ Effect: 'Allow', Action: action, Resource: resource });
const master: Resources = {
  Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
  Attachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'Secret' }, TargetId: { Ref: 'Db' }, TargetType: 'AWS::RDS::DBInstance' } },
  Db: { Type: 'AWS::RDS::DBInstance', Properties: {} },
};
const otherSecret: Resources = { Other: { Type: 'AWS::SecretsManager::Secret', Properties: {} } };

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
