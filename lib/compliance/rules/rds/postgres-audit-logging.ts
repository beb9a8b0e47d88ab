import { listItems, pgauditLogProblem } from '../../../../constructs/database/audit-parameters';
import { GapRule, RuleVerdict } from '../rule';
import { CfnTemplate } from '../template';

const OFF = ['0', 'off', 'false', 'no'];

/**
 * PostgreSQL records no database activity by default: no DDL, no role or privilege change,
 * no connection. The parameter group must load pgAudit with `pgaudit.log` covering ddl and
 * role (and no read/write/all class, whose statement text carries PHI), never log statement
 * parameters, and log connections and disconnections. Aurora instances inherit the cluster
 * parameter group and are judged at the cluster.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup.html
 */
export const RdsPostgresAuditLogging: GapRule = {
  id: 'RdsPostgresAuditLogging',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  description: 'The PostgreSQL database records no activity an auditor can use: its parameter group (in the same template) does not load ' +
    'pgaudit with pgaudit.log covering ddl and role and no read/write/all class, or logs statement parameters (PHI), or does not log connections and disconnections.',
  fix: "Use HipaaDatabase, or attach a parameter group with shared_preload_libraries including pgaudit, pgaudit.log='ddl,role', " +
    "pgaudit.log_parameter='0', log_connections='1' and log_disconnections='1'.",
  safeguard: '164.312(b) audit controls',
  evaluate({ resource, template }) {
    const props = resource.Properties ?? {};
    const isCluster = resource.Type === 'AWS::RDS::DBCluster';
    if (!isCluster && props.DBClusterIdentifier !== undefined) return RuleVerdict.NOT_APPLICABLE;
    const engine = typeof props.Engine === 'string' ? props.Engine.toLowerCase() : undefined;
    if (engine !== 'postgres' && engine !== 'aurora-postgresql') return RuleVerdict.NOT_APPLICABLE;
    const parameters = groupParameters(template, isCluster ? props.DBClusterParameterGroupName : props.DBParameterGroupName,
      isCluster ? 'AWS::RDS::DBClusterParameterGroup' : 'AWS::RDS::DBParameterGroup');
    if (!parameters) return RuleVerdict.NON_COMPLIANT;
    const text = (name: string): string | undefined => typeof parameters[name] === 'string' || typeof parameters[name] === 'number'
      ? String(parameters[name]).trim() : undefined;
    const libraries = text('shared_preload_libraries');
    const log = text('pgaudit.log');
    const logParameter = text('pgaudit.log_parameter');
    const level = text('pgaudit.log_level');
    const on = (name: string) => { const v = text(name); return v !== undefined && v !== '' && !OFF.includes(v.toLowerCase()); };
    const ok = libraries !== undefined && listItems(libraries).includes('pgaudit')
      && log !== undefined && pgauditLogProblem(log) === undefined
      // pgAudit's default for log_parameter is off; an explicit value must be off too.
      && (logParameter === undefined || OFF.includes(logParameter.toLowerCase()))
      && (level === undefined || level.toLowerCase() === 'log')
      && on('log_connections') && on('log_disconnections');
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

/** The parameters of the group the reference points to, when that group is in the template. */
function groupParameters(template: CfnTemplate, groupRef: unknown, groupType: string): Record<string, unknown> | undefined {
  const logicalId = groupRef && typeof groupRef === 'object' ? (groupRef as { Ref?: unknown }).Ref : undefined;
  if (typeof logicalId !== 'string') return undefined; // a default or external group cannot be verified
  const group = template.Resources?.[logicalId];
  if (!group || group.Type !== groupType) return undefined;
  const parameters = group.Properties?.Parameters;
  return parameters && typeof parameters === 'object' ? parameters as Record<string, unknown> : undefined;
}
