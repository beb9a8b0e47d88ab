import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;

function subject(resource: rules.CfnTemplateResource, extra: Record<string, rules.CfnTemplateResource> = {}): rules.RuleSubject {
  return { logicalId: 'Subject', resource, template: { Resources: { Subject: resource, ...extra } } };
}
const instance = (props: object) => ({ Type: 'AWS::RDS::DBInstance', Properties: props });
const cluster = (props: object) => ({ Type: 'AWS::RDS::DBCluster', Properties: props });
const group = (parameters: object) => ({ Type: 'AWS::RDS::DBParameterGroup', Properties: { Parameters: parameters } });
const clusterGroup = (parameters: object) => ({ Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Parameters: parameters } });

describe('RdsForceSsl', () => {
  const evaluate = (resource: rules.CfnTemplateResource, extra = {}) => rules.RdsForceSsl.evaluate(subject(resource, extra));
  test.each<[string, object, object, rules.RuleVerdict]>([
    ['postgres with rds.force_ssl=1', { Engine: 'postgres' }, { 'rds.force_ssl': '1' }, RuleVerdict.COMPLIANT],
    ['postgres with rds.force_ssl=0', { Engine: 'postgres' }, { 'rds.force_ssl': '0' }, RuleVerdict.NON_COMPLIANT],
    ['mysql with require_secure_transport=ON', { Engine: 'mysql' }, { require_secure_transport: 'ON' }, RuleVerdict.COMPLIANT],
    ['mariadb with require_secure_transport=1', { Engine: 'mariadb' }, { require_secure_transport: 1 }, RuleVerdict.COMPLIANT],
    ['mysql with the PostgreSQL parameter', { Engine: 'mysql' }, { 'rds.force_ssl': '1' }, RuleVerdict.NON_COMPLIANT],
    ['postgres with the MySQL parameter', { Engine: 'postgres' }, { require_secure_transport: 'ON' }, RuleVerdict.NON_COMPLIANT],
    ['sqlserver with rds.force_ssl=1', { Engine: 'sqlserver-se' }, { 'rds.force_ssl': '1' }, RuleVerdict.COMPLIANT],
  ])('instance: %s', (_name, props, parameters, verdict) => {
    expect(evaluate(instance({ ...props, DBParameterGroupName: { Ref: 'Pg' } }), { Pg: group(parameters) })).toBe(verdict);
  });
  test('non-compliant: default parameter group', () => expect(evaluate(instance({ Engine: 'postgres' }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a parameter group outside the template cannot be verified', () =>
    expect(evaluate(instance({ Engine: 'postgres', DBParameterGroupName: 'shared-group' }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the reference points at a cluster parameter group', () =>
    expect(evaluate(instance({ Engine: 'postgres', DBParameterGroupName: { Ref: 'Pg' } }), { Pg: clusterGroup({ 'rds.force_ssl': '1' }) })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: an Aurora cluster member (judged at the cluster)', () =>
    expect(evaluate(instance({ Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'C' } }))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: Oracle (TLS through option groups)', () => expect(evaluate(instance({ Engine: 'oracle-ee' }))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('compliant: Aurora PostgreSQL cluster with its cluster parameter group', () =>
    expect(evaluate(cluster({ Engine: 'aurora-postgresql', DBClusterParameterGroupName: { Ref: 'Cpg' } }), { Cpg: clusterGroup({ 'rds.force_ssl': 1 }) })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: Aurora MySQL cluster without require_secure_transport', () =>
    expect(evaluate(cluster({ Engine: 'aurora-mysql', DBClusterParameterGroupName: { Ref: 'Cpg' } }), { Cpg: clusterGroup({}) })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('RdsPostgresAuditLogging', () => {
  const evaluate = (resource: rules.CfnTemplateResource, extra = {}) => rules.RdsPostgresAuditLogging.evaluate(subject(resource, extra));
  const audited = {
    shared_preload_libraries: 'pg_stat_statements,pgaudit', 'pgaudit.log': 'ddl,role', 'pgaudit.log_parameter': '0',
    log_connections: '1', log_disconnections: '1',
  };
  const withGroup = (parameters: object) => evaluate(instance({ Engine: 'postgres', DBParameterGroupName: { Ref: 'Pg' } }), { Pg: group(parameters) });
  test('compliant: pgaudit loaded, ddl and role logged, no parameters, connections logged', () => expect(withGroup(audited)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: Aurora PostgreSQL cluster with its cluster parameter group', () =>
    expect(evaluate(cluster({ Engine: 'aurora-postgresql', DBClusterParameterGroupName: { Ref: 'Cpg' } }), { Cpg: clusterGroup(audited) })).toBe(RuleVerdict.COMPLIANT));
  test.each<[string, object]>([
    ['pgaudit not loaded', { shared_preload_libraries: 'pg_stat_statements' }],
    ['no shared_preload_libraries', { shared_preload_libraries: undefined }],
    ['pgaudit.log without role', { 'pgaudit.log': 'ddl' }],
    ['pgaudit.log with ddl removed', { 'pgaudit.log': 'ddl,role,-ddl' }],
    ['pgaudit.log logging reads (statement text with PHI)', { 'pgaudit.log': 'ddl,role,read' }],
    ['pgaudit.log all', { 'pgaudit.log': 'all' }],
    ['statement parameters logged', { 'pgaudit.log_parameter': '1' }],
    ['audit entries below the server log level', { 'pgaudit.log_level': 'debug5' }],
    ['connections not logged', { log_connections: '0' }],
    ['disconnections not logged', { log_disconnections: undefined }],
  ])('non-compliant: %s', (_name, change) => expect(withGroup({ ...audited, ...change })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the default parameter group', () => expect(evaluate(instance({ Engine: 'postgres' }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: Aurora cluster whose cluster parameter group lacks pgaudit', () =>
    expect(evaluate(cluster({ Engine: 'aurora-postgresql', DBClusterParameterGroupName: { Ref: 'Cpg' } }), { Cpg: clusterGroup({ 'rds.force_ssl': '1' }) })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: MySQL (audit plugin), Aurora members', () => {
    expect(evaluate(instance({ Engine: 'mysql' }))).toBe(RuleVerdict.NOT_APPLICABLE);
    expect(evaluate(instance({ Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'C' } }))).toBe(RuleVerdict.NOT_APPLICABLE);
  });
});

describe('RdsCustomerManagedKey', () => {
  const evaluate = (resource: rules.CfnTemplateResource) => rules.RdsCustomerManagedKey.evaluate(subject(resource));
  test('compliant: encrypted with a key of the template', () => expect(evaluate(instance({ StorageEncrypted: true, KmsKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } }))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: encrypted with the AWS managed key', () => expect(evaluate(instance({ StorageEncrypted: true }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the aws/rds alias', () => expect(evaluate(cluster({ StorageEncrypted: true, KmsKeyId: 'alias/aws/rds' }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: not encrypted', () => expect(evaluate(instance({ KmsKeyId: { Ref: 'K' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  const aliasArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/aws/rds']] };
  test('non-compliant: the aws/rds alias ARN built with Fn::Join (kms.Alias.fromAliasName)', () =>
    expect(evaluate(instance({ StorageEncrypted: true, KmsKeyId: aliasArn }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the aws/rds alias in an Fn::Sub template', () =>
    expect(evaluate(instance({ StorageEncrypted: true, KmsKeyId: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/rds' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('compliant: a customer alias that merely starts with aws- (alias/aws-phi)', () =>
    expect(evaluate(instance({ StorageEncrypted: true, KmsKeyId: { 'Fn::Join': ['', ['arn:aws:kms:us-east-1:', { Ref: 'AWS::AccountId' }, ':alias/aws-phi']] } }))).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: Aurora member', () => expect(evaluate(instance({ DBClusterIdentifier: { Ref: 'C' } }))).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('DynamoDB rules', () => {
  const table = (props: object) => ({ Type: 'AWS::DynamoDB::Table', Properties: props });
  const globalTable = (props: object) => ({ Type: 'AWS::DynamoDB::GlobalTable', Properties: props });
  const cmk = { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } };
  const protectedReplica = { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true };
  const key = (r: rules.CfnTemplateResource) => rules.DynamoDbCustomerManagedKey.evaluate(subject(r));
  const recovery = (r: rules.CfnTemplateResource) => rules.DynamoDbRecoveryAndDeletionProtection.evaluate(subject(r));

  test('CMK: compliant table', () => expect(key(table({ SSESpecification: cmk }))).toBe(RuleVerdict.COMPLIANT));
  test('CMK: AWS owned key (no SSESpecification)', () => expect(key(table({}))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: AWS managed key', () => expect(key(table({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: global table with a key per replica', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [{ SSESpecification: { KMSMasterKeyId: 'arn-from-param' } }] }))).toBe(RuleVerdict.COMPLIANT));
  test('CMK: the aws/dynamodb alias ARN built with Fn::Join', () =>
    expect(key(table({ SSESpecification: { ...cmk, KMSMasterKeyId: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/aws/dynamodb']] } } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('CMK: global table replica without a key', () =>
    expect(key(globalTable({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, Replicas: [{}] }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('recovery: compliant table', () => expect(recovery(table(protectedReplica))).toBe(RuleVerdict.COMPLIANT));
  test('recovery: PITR off', () => expect(recovery(table({ ...protectedReplica, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('recovery: deletion protection off', () => expect(recovery(table({ ...protectedReplica, DeletionProtectionEnabled: false }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('recovery: one unprotected replica of a global table', () => expect(recovery(globalTable({ Replicas: [protectedReplica, {}] }))).toBe(RuleVerdict.NON_COMPLIANT));
});
