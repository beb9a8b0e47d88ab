import { GapRule, RuleVerdict } from '../rule';
import { CfnTemplate } from '../template';

/** The TLS parameter of each engine, by engine name prefix (most specific first). */
const TLS_PARAMETER_BY_ENGINE: ReadonlyArray<[prefix: string, parameter: string]> = [
  ['aurora-postgresql', 'rds.force_ssl'],
  ['aurora-mysql', 'require_secure_transport'],
  ['aurora', 'require_secure_transport'],
  ['postgres', 'rds.force_ssl'],
  ['mysql', 'require_secure_transport'],
  ['mariadb', 'require_secure_transport'],
  ['sqlserver', 'rds.force_ssl'],
];

const ENABLED_VALUES = ['1', 'on', 'true'];

/**
 * RDS does not require TLS by default on MySQL, MariaDB, SQL Server and older
 * PostgreSQL: the parameter group must force it. Aurora instances inherit the
 * cluster parameter group and are judged at the cluster.
 */
export const RdsForceSsl: GapRule = {
  id: 'RdsForceSsl',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  description: 'The database accepts connections without TLS: its parameter group does not set rds.force_ssl=1 ' +
    '(PostgreSQL, SQL Server) or require_secure_transport=ON (MySQL, MariaDB).',
  fix: 'Use HipaaDatabase, or attach a parameter group of the engine family with the TLS parameter set, defined in the same stack.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource, template }) {
    const props = resource.Properties ?? {};
    const isCluster = resource.Type === 'AWS::RDS::DBCluster';
    if (!isCluster && props.DBClusterIdentifier !== undefined) return RuleVerdict.NOT_APPLICABLE;
    // A read replica names no engine (it is the source's): its parameter group's family says which one it is.
    const engine = typeof props.Engine === 'string' ? props.Engine.toLowerCase()
      : props.SourceDBInstanceIdentifier !== undefined ? familyOf(template, props.DBParameterGroupName) : undefined;
    if (engine === undefined) return RuleVerdict.NON_COMPLIANT;
    const parameter = TLS_PARAMETER_BY_ENGINE.find(([prefix]) => engine.startsWith(prefix))?.[1];
    // Oracle and Db2 enable TLS through option groups / listeners, outside this rule.
    if (parameter === undefined) return RuleVerdict.NOT_APPLICABLE;
    const groupRef = isCluster ? props.DBClusterParameterGroupName : props.DBParameterGroupName;
    const groupType = isCluster ? 'AWS::RDS::DBClusterParameterGroup' : 'AWS::RDS::DBParameterGroup';
    const value = parameterValue(template, groupRef, groupType, parameter);
    return value !== undefined && ENABLED_VALUES.includes(String(value).toLowerCase())
      ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

/** The family (e.g. `postgres17`) of the DB parameter group a reference points to, when that group is in the template. */
function familyOf(template: CfnTemplate, groupRef: unknown): string | undefined {
  const logicalId = groupRef && typeof groupRef === 'object' ? (groupRef as { Ref?: unknown }).Ref : undefined;
  const family = typeof logicalId === 'string' ? template.Resources?.[logicalId]?.Properties?.Family : undefined;
  return typeof family === 'string' ? family.toLowerCase() : undefined;
}

/** The parameter's value in the group the reference points to, when that group is in the template. */
function parameterValue(template: CfnTemplate, groupRef: unknown, groupType: string, parameter: string): unknown {
  const logicalId = groupRef && typeof groupRef === 'object' ? (groupRef as { Ref?: unknown }).Ref : undefined;
  if (typeof logicalId !== 'string') return undefined; // a default or external group cannot be verified
  const group = template.Resources?.[logicalId];
  if (!group || group.Type !== groupType) return undefined;
  return group.Properties?.Parameters?.[parameter];
}
