import * as rules from '../../../lib/compliance/rules';
import { Resources, subject } from './subject';

const { RuleVerdict } = rules;
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
  test('a read replica (no Engine) is judged by its parameter group\'s family', () => {
    const replica = instance({ SourceDBInstanceIdentifier: 'arn:aws:rds:us-east-1:111122223333:db:source', DBParameterGroupName: { Ref: 'Pg' } });
    const pg = (parameters: object) => ({ Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres17', Parameters: parameters } });
    expect(evaluate(replica, { Pg: pg({ 'rds.force_ssl': '1' }) })).toBe(RuleVerdict.COMPLIANT);
    expect(evaluate(replica, { Pg: pg({ 'rds.force_ssl': '0' }) })).toBe(RuleVerdict.NON_COMPLIANT);
    expect(evaluate(instance({ SourceDBInstanceIdentifier: 'arn:aws:rds:us-east-1:111122223333:db:source' }))).toBe(RuleVerdict.NON_COMPLIANT);
  });
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
  test('a cross-region read replica: its KmsKeyId (no StorageEncrypted, which CloudFormation refuses with a source)', () => {
    const replica = (props: object) => ({ Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: 'arn:aws:rds:us-east-1:111122223333:db:source', ...props } });
    expect(rules.RdsCustomerManagedKey.evaluate(subject(replica({ KmsKeyId: { 'Fn::ImportValue': 'DrKeyArn' } })))).toBe(RuleVerdict.COMPLIANT);
    expect(rules.RdsCustomerManagedKey.evaluate(subject(replica({})))).toBe(RuleVerdict.NON_COMPLIANT);
    expect(rules.RdsCustomerManagedKey.evaluate(subject(replica({ KmsKeyId: 'alias/aws/rds' })))).toBe(RuleVerdict.NON_COMPLIANT);
  });
});

describe('RdsOracleNetworkEncryption', () => {
  const nne = (overrides: Record<string, string> = {}) => Object.entries({
    'SQLNET.ENCRYPTION_SERVER': 'REQUIRED',
    'SQLNET.ENCRYPTION_TYPES_SERVER': 'AES256',
    'SQLNET.CRYPTO_CHECKSUM_SERVER': 'REQUIRED',
    'SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER': 'SHA512,SHA384,SHA256',
    ...overrides,
  }).map(([Name, Value]) => ({ Name, Value }));
  const evaluate = (engine: string, options?: object[], groupRef: unknown = { Ref: 'Og' }): rules.RuleVerdict => {
    const resource = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: engine, OptionGroupName: groupRef } };
    const extra: Resources = options ? { Og: { Type: 'AWS::RDS::OptionGroup', Properties: { EngineName: engine, OptionConfigurations: options } } } : {};
    return rules.RdsOracleNetworkEncryption.evaluate(subject(resource, extra));
  };

  test('compliant: NNE required with AES256 and SHA-2', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne() }])).toBe(RuleVerdict.COMPLIANT));
  test('compliant: the SSL option with TLS 1.2', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'SSL', Port: 2484, OptionSettings: [{ Name: 'SQLNET.SSL_VERSION', Value: '1.2' }] }])).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: encryption only ACCEPTED (a client may refuse it)', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.ENCRYPTION_SERVER': 'ACCEPTED' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: checksums not required', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.CRYPTO_CHECKSUM_SERVER': 'REQUESTED' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a weak cipher allowed beside AES256', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.ENCRYPTION_TYPES_SERVER': 'AES256,3DES168' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: SHA1 checksums allowed', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER': 'SHA256,SHA1' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the SSL option with TLS 1.0', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'SSL', OptionSettings: [{ Name: 'SQLNET.SSL_VERSION', Value: '1.0' }] }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an option group without either option', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'TDE' }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the default option group', () => expect(evaluate('oracle-se2', undefined, undefined)).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an option group outside the template cannot be verified', () =>
    expect(evaluate('oracle-se2', undefined, 'shared-options')).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: other engines', () => expect(evaluate('postgres')).toBe(RuleVerdict.NOT_APPLICABLE));
});
