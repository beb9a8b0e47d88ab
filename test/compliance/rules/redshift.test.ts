import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;
const cluster = (props: object) => ({ Type: 'AWS::Redshift::Cluster', Properties: props });
const group = (parameters: Record<string, string>) => ({
  Type: 'AWS::Redshift::ClusterParameterGroup',
  Properties: { ParameterGroupFamily: 'redshift-1.0', Parameters: Object.entries(parameters).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue })) },
});
const hardened = { require_ssl: 'true', enable_user_activity_logging: 'true' };
const allLogs = { LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'userlog', 'useractivitylog'] };

describe('RedshiftCustomerManagedKey', () => {
  const evaluate = (props: object) => rules.RedshiftCustomerManagedKey.evaluate(subject(cluster(props)));
  test('compliant: encrypted with a key of the template', () =>
    expect(evaluate({ Encrypted: true, KmsKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: encrypted with the AWS managed key (no KmsKeyId)', () => expect(evaluate({ Encrypted: true })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the aws/redshift alias', () => expect(evaluate({ Encrypted: true, KmsKeyId: 'alias/aws/redshift' })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a key but not encrypted', () => expect(evaluate({ KmsKeyId: { Ref: 'K' } })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('RedshiftRequireSsl', () => {
  const evaluate = (props: object, parameters?: Record<string, string>) =>
    rules.RedshiftRequireSsl.evaluate(subject(cluster(props), parameters ? { Pg: group(parameters) } : {}));
  test('compliant: a parameter group of the template with require_ssl=true', () =>
    expect(evaluate({ ClusterParameterGroupName: { Ref: 'Pg' } }, hardened)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: the value is case-insensitive', () =>
    expect(evaluate({ ClusterParameterGroupName: { Ref: 'Pg' } }, { require_ssl: 'TRUE' })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: require_ssl=false', () =>
    expect(evaluate({ ClusterParameterGroupName: { Ref: 'Pg' } }, { require_ssl: 'false' })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the default parameter group', () => expect(evaluate({})).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a group outside the template cannot be verified', () =>
    expect(evaluate({ ClusterParameterGroupName: 'shared-group' })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('RedshiftAuditLogging', () => {
  const evaluate = (props: object, parameters: Record<string, string> = hardened) =>
    rules.RedshiftAuditLogging.evaluate(subject(cluster({ ClusterParameterGroupName: { Ref: 'Pg' }, ...props }), { Pg: group(parameters) }));
  test('compliant: CloudWatch with all three logs and user activity logging on', () =>
    expect(evaluate({ LoggingProperties: allLogs })).toBe(RuleVerdict.COMPLIANT));
  test('compliant: an S3 bucket (every log type)', () =>
    expect(evaluate({ LoggingProperties: { BucketName: { Ref: 'Logs' } } })).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no logging', () => expect(evaluate({})).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: CloudWatch without the user activity log', () =>
    expect(evaluate({ LoggingProperties: { LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'userlog'] } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: CloudWatch without LogExports', () =>
    expect(evaluate({ LoggingProperties: { LogDestinationType: 'cloudwatch' } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: S3 destination without a bucket', () =>
    expect(evaluate({ LoggingProperties: { LogDestinationType: 's3' } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: logs exported but enable_user_activity_logging off', () =>
    expect(evaluate({ LoggingProperties: allLogs }, { require_ssl: 'true', enable_user_activity_logging: 'false' })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('RedshiftManagedAdminPassword', () => {
  const evaluate = (props: object) => rules.RedshiftManagedAdminPassword.evaluate(subject(cluster({ MasterUsername: 'admin', ...props })));
  const managed = { ManageMasterPassword: true, MasterPasswordSecretKmsKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } };
  test('compliant: managed by Secrets Manager under a customer-managed key', () => expect(evaluate(managed)).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: a password in the template', () =>
    expect(evaluate({ MasterUserPassword: 'not-a-secret-at-all' })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: managed, but with the AWS managed key', () =>
    expect(evaluate({ ManageMasterPassword: true })).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: managed and a template password too', () =>
    expect(evaluate({ ...managed, MasterUserPassword: { Ref: 'Password' } })).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: restored from a snapshot (its credentials)', () =>
    expect(rules.RedshiftManagedAdminPassword.evaluate(subject(cluster({ SnapshotIdentifier: 'snap' })))).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('evidence report: what a Redshift cluster and an Oracle option group implement', () => {
  const { safeguardsOf } = require('../../../lib/compliance/report') as typeof import('../../../lib/compliance/report');
  test('a hardened cluster: at rest, authentication, backup, audit, access control', () => {
    expect(safeguardsOf('AWS::Redshift::Cluster', {
      Encrypted: true, ManageMasterPassword: true, AutomatedSnapshotRetentionPeriod: 35, LoggingProperties: allLogs, PubliclyAccessible: false,
    })).toEqual(['encryption at rest §164.312(a)(2)(iv)', 'authentication §164.312(d)', 'backup §164.308(a)(7)(ii)(A)', 'audit controls §164.312(b)', 'access control §164.312(a)(1)']);
    expect(safeguardsOf('AWS::Redshift::Cluster', { PubliclyAccessible: true })).toEqual([]);
  });
  test('parameter group with require_ssl, option group with NNE required', () => {
    expect(safeguardsOf('AWS::Redshift::ClusterParameterGroup', group(hardened).Properties)).toEqual(['encryption in transit §164.312(e)(1)']);
    expect(safeguardsOf('AWS::Redshift::ClusterParameterGroup', group({ require_ssl: 'false' }).Properties)).toEqual([]);
    expect(safeguardsOf('AWS::RDS::OptionGroup', { OptionConfigurations: [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: [{ Name: 'SQLNET.ENCRYPTION_SERVER', Value: 'REQUIRED' }] }] }))
      .toEqual(['encryption in transit §164.312(e)(1)']);
  });
});
