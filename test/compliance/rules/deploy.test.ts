import * as rules from '../../../lib/compliance/rules';
import { Resources, subjectOf } from './subject';

const { RuleVerdict } = rules;
const judge = (rule: rules.GapRule, resources: Resources, logicalId: string) => rule.evaluate(subjectOf(resources, logicalId));

describe('KmsKeyPolicyPrincipalExists', () => {
  const slrArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling']] };
  const key = (principal: unknown, dependsOn?: string[]): rules.CfnTemplateResource => ({
    Type: 'AWS::KMS::Key', DependsOn: dependsOn,
    Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' }] } },
  });
  const slr = (service: string): rules.CfnTemplateResource => ({ Type: 'Custom::HipaaServiceLinkedRole', Properties: { AwsServiceName: service } });

  test('compliant: the key waits for the resource that makes the Auto Scaling role exist', () =>
    expect(judge(rules.KmsKeyPolicyPrincipalExists, { K: key(slrArn, ['S']), S: slr('autoscaling.amazonaws.com') }, 'K')).toBe(RuleVerdict.COMPLIANT));
  test('compliant: CloudFormation\'s own AWS::IAM::ServiceLinkedRole counts', () =>
    expect(judge(rules.KmsKeyPolicyPrincipalExists, { K: key([slrArn], ['S']), S: { Type: 'AWS::IAM::ServiceLinkedRole', Properties: { AWSServiceName: 'autoscaling.amazonaws.com' } } }, 'K')).toBe(RuleVerdict.COMPLIANT));
  test('compliant: the account root and roles of the template are not service-linked roles', () =>
    expect(judge(rules.KmsKeyPolicyPrincipalExists, { K: key(['arn:aws:iam::111122223333:root', { 'Fn::GetAtt': ['R', 'Arn'] }]) }, 'K')).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: a service-linked role named with no dependency (fresh accounts fail)', () =>
    expect(judge(rules.KmsKeyPolicyPrincipalExists, { K: key(slrArn) }, 'K')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the dependency makes another service\'s role exist', () =>
    expect(judge(rules.KmsKeyPolicyPrincipalExists, { K: key(slrArn, ['S']), S: slr('elasticmapreduce.amazonaws.com') }, 'K')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a literal service-linked role ARN', () =>
    expect(judge(rules.KmsKeyPolicyPrincipalExists, { K: key('arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling') }, 'K')).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('WaitsForRolePolicies', () => {
  const role: rules.CfnTemplateResource = { Type: 'AWS::IAM::Role', Properties: {} };
  const policy = (roleId: string, type = 'AWS::IAM::ManagedPolicy'): rules.CfnTemplateResource => ({ Type: type, Properties: { Roles: [{ Ref: roleId }] } });
  const trail = (dependsOn?: string[]): rules.CfnTemplateResource => ({ Type: 'AWS::CloudTrail::Trail', DependsOn: dependsOn, Properties: { CloudWatchLogsRoleArn: { 'Fn::GetAtt': ['R', 'Arn'] } } });

  test('compliant: the trail waits for the role\'s managed policy', () =>
    expect(judge(rules.WaitsForRolePolicies, { T: trail(['P', 'R']), R: role, P: policy('R') }, 'T')).toBe(RuleVerdict.COMPLIANT));
  test('compliant: waiting through another resource counts (transitive)', () =>
    expect(judge(rules.WaitsForRolePolicies, { T: trail(['X']), X: { Type: 'AWS::S3::BucketPolicy', DependsOn: 'P' }, R: role, P: policy('R') }, 'T')).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a trail without CloudWatch Logs delivery', () =>
    expect(judge(rules.WaitsForRolePolicies, { T: { Type: 'AWS::CloudTrail::Trail', Properties: {} } }, 'T')).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: the trail waits for the role only (the policy is a separate resource)', () =>
    expect(judge(rules.WaitsForRolePolicies, { T: trail(['R']), R: role, P: policy('R') }, 'T')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an inline AWS::IAM::Policy not waited for', () =>
    expect(judge(rules.WaitsForRolePolicies, { T: trail(), R: role, P: policy('R', 'AWS::IAM::Policy') }, 'T')).toBe(RuleVerdict.NON_COMPLIANT));

  const cluster = (dependsOn?: string[]): rules.CfnTemplateResource => ({
    Type: 'AWS::EMR::Cluster', DependsOn: dependsOn, Properties: { ServiceRole: { 'Fn::GetAtt': ['S', 'Arn'] }, JobFlowRole: { Ref: 'IP' } },
  });
  const emr = (dependsOn?: string[]): Resources => ({
    C: cluster(dependsOn), S: role, N: role, IP: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ Ref: 'N' }] } }, SP: policy('S'), NP: policy('N'),
  });
  test('compliant: the EMR cluster waits for the service and node roles\' policies', () =>
    expect(judge(rules.WaitsForRolePolicies, emr(['SP', 'NP']), 'C')).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: the EMR cluster waits for the service role\'s policy but not the node role\'s (through the instance profile)', () =>
    expect(judge(rules.WaitsForRolePolicies, emr(['SP']), 'C')).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('RetainedResourceNameUnique', () => {
  const suffix = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };
  const group = (name: unknown, policy = 'Retain'): Resources => ({ L: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: policy, Properties: { LogGroupName: name } } });

  test('compliant: a retained group named by CloudFormation', () =>
    expect(judge(rules.RetainedResourceNameUnique, group(undefined), 'L')).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a retained group whose name ends in the stack instance id', () =>
    expect(judge(rules.RetainedResourceNameUnique, group({ 'Fn::Join': ['', ['aws-waf-logs-x-', suffix]] }), 'L')).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a fixed name on a resource deleted with its stack', () =>
    expect(judge(rules.RetainedResourceNameUnique, group('/fixed', 'Delete'), 'L')).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: a retained group with a literal name', () =>
    expect(judge(rules.RetainedResourceNameUnique, group('/aws/rds/instance/db/postgresql'), 'L')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a name built from the stack name (reused by a redeploy)', () =>
    expect(judge(rules.RetainedResourceNameUnique, group({ 'Fn::Join': ['', ['x-', { Ref: 'AWS::StackName' }]] }, 'RetainExceptOnCreate'), 'L')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a retained backup vault with a fixed name', () =>
    expect(judge(rules.RetainedResourceNameUnique, { V: { Type: 'AWS::Backup::BackupVault', DeletionPolicy: 'Retain', Properties: { BackupVaultName: 'phi' } } }, 'V')).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('EmrSecurityGroupCleanup', () => {
  const sg: rules.CfnTemplateResource = { Type: 'AWS::EC2::SecurityGroup', Properties: {} };
  const cluster = (dependsOn?: string[], instances: object = { EmrManagedMasterSecurityGroup: { 'Fn::GetAtt': ['P', 'GroupId'] },
    EmrManagedSlaveSecurityGroup: { 'Fn::GetAtt': ['C', 'GroupId'] }, ServiceAccessSecurityGroup: { 'Fn::GetAtt': ['A', 'GroupId'] } }): rules.CfnTemplateResource =>
    ({ Type: 'AWS::EMR::Cluster', DependsOn: dependsOn, Properties: { Instances: instances } });
  const cleanup = (ids: string[]): rules.CfnTemplateResource => ({ Type: 'Custom::HipaaEmrSecurityGroupCleanup',
    Properties: { GroupIds: { 'Fn::Join': [',', ids.map((id) => ({ 'Fn::GetAtt': [id, 'GroupId'] }))] } } });
  const groups = { P: sg, C: sg, A: sg };

  test('compliant: the cluster waits for a cleanup naming its three groups', () =>
    expect(judge(rules.EmrSecurityGroupCleanup, { E: cluster(['X']), X: cleanup(['P', 'C', 'A']), ...groups }, 'E')).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no cleanup (stack deletion stops on the groups)', () =>
    expect(judge(rules.EmrSecurityGroupCleanup, { E: cluster(), ...groups }, 'E')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a cleanup the cluster does not wait for (it may run while EMR still adds rules)', () =>
    expect(judge(rules.EmrSecurityGroupCleanup, { E: cluster(), X: cleanup(['P', 'C', 'A']), ...groups }, 'E')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the cleanup misses one of the groups', () =>
    expect(judge(rules.EmrSecurityGroupCleanup, { E: cluster(['X']), X: cleanup(['P', 'C']), ...groups }, 'E')).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the groups are not created by this template (EMR\'s default groups or imported ids)', () =>
    expect(judge(rules.EmrSecurityGroupCleanup, { E: cluster(undefined, { EmrManagedMasterSecurityGroup: 'sg-0123456789abcdef0' }) }, 'E')).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('EventBridgeTopicKeyGrant', () => {
  const grant = (condition?: object, action: unknown = ['kms:Decrypt', 'kms:GenerateDataKey*'], service: unknown = 'events.amazonaws.com') =>
    ({ Effect: 'Allow', Principal: { Service: service }, Action: action, Resource: '*', ...(condition ? { Condition: condition } : {}) });
  const key = (...statements: object[]): rules.CfnTemplateResource => ({ Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: statements } } });
  const topic: rules.CfnTemplateResource = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } } };
  const rule: rules.CfnTemplateResource = { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 'T', Arn: { Ref: 'T' } }] } };
  const routed = (k: rules.CfnTemplateResource) => judge(rules.EventBridgeTopicKeyGrant, { K: k, T: topic, R: rule }, 'K');

  test('compliant: EventBridge may use the key without a source condition (what SNS supports)', () =>
    expect(routed(key(grant()))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: kms:* and an unrelated condition', () =>
    expect(routed(key(grant({ StringEquals: { 'kms:CallerAccount': '111122223333' } }, 'kms:*')))).toBe(RuleVerdict.COMPLIANT));
  test.each([
    [{ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }],
    [{ ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:111122223333:rule/*' } }],
    [{ StringEquals: { 'AWS:SourceOrgID': 'o-abc123' } }],
  ])('non-compliant: the grant carries %j (SNS does not support it: findings dropped)', (condition) =>
    expect(routed(key(grant(condition)))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no EventBridge grant, or one without kms:Decrypt', () => {
    expect(routed(key(grant(undefined, undefined, 'cloudwatch.amazonaws.com')))).toBe(RuleVerdict.NON_COMPLIANT);
    expect(routed(key(grant(undefined, 'kms:GenerateDataKey*')))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  test('not applicable: no EventBridge rule targets a topic encrypted with the key (an event bus key may carry aws:SourceArn)', () => {
    expect(judge(rules.EventBridgeTopicKeyGrant, { K: key(grant({ StringEquals: { 'aws:SourceAccount': '111122223333' } })), T: topic }, 'K')).toBe(RuleVerdict.NOT_APPLICABLE);
    expect(judge(rules.EventBridgeTopicKeyGrant, { K: key(), T: { Type: 'AWS::SNS::Topic', Properties: {} }, R: rule }, 'K')).toBe(RuleVerdict.NOT_APPLICABLE);
  });
});
