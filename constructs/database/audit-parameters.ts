import { HipaaDatabaseEngineFamily } from './engine';

/**
 * Database activity logging of the PostgreSQL engines (RDS for PostgreSQL and Aurora
 * PostgreSQL), set in the parameter group HipaaDatabase creates. §164.312(b).
 *
 * - `shared_preload_libraries` loads pgAudit (AWS: "add pgaudit to shared_preload_libraries";
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup.html,
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup.html).
 *   The library is static: a parameter group attached at creation applies at the first boot,
 *   a later change needs a reboot. `pg_stat_statements` stays loaded (RDS loads it by default;
 *   Performance Insights reads its normalized statements, constants replaced by `$n`).
 * - `pgaudit.log = ddl,role`: session audit logging of schema changes and of role and
 *   privilege changes (CREATE/ALTER/DROP ROLE, GRANT, REVOKE). pgAudit writes passwords of
 *   CREATE/ALTER ROLE as `<REDACTED>`. Reads and writes (`read`, `write`, `all`) are not
 *   logged by the engine: their statement text carries the PHI values of literals. Who
 *   connected, when and from where is in the connection log; what each workload may read is
 *   its database user's grants (`grantConnect`), and the application records which patient
 *   record a person opened.
 * - `pgaudit.log_parameter = 0`: never the bind parameters of a statement, which hold PHI.
 * - `log_connections`, `log_disconnections`: every session with its user, database and
 *   source address, and its end.
 *
 * Session logging works as soon as the library is loaded. `CREATE EXTENSION pgaudit` in
 * a database adds the object type and name to DDL entries (event triggers), and object-level
 * auditing (`pgaudit.role`) needs the `rds_pgaudit` role; both are SQL a database owner runs
 * once (README "Database activity").
 */
export const POSTGRES_AUDIT_PARAMETERS: Readonly<Record<string, string>> = {
  'shared_preload_libraries': 'pg_stat_statements,pgaudit',
  'pgaudit.log': 'ddl,role',
  'pgaudit.log_parameter': '0',
  'log_connections': '1',
  'log_disconnections': '1',
};

/** pgAudit classes whose statement text carries data values (PHI). */
export const PGAUDIT_DATA_CLASSES = ['read', 'write', 'all'] as const;
/** pgAudit classes that must stay logged. */
export const PGAUDIT_REQUIRED_CLASSES = ['ddl', 'role'] as const;

/** The audit parameters HipaaDatabase sets for an engine family (none for MySQL, which uses its audit plugin). */
export function auditParameters(family: HipaaDatabaseEngineFamily): Record<string, string> {
  return family === HipaaDatabaseEngineFamily.MYSQL ? {} : { ...POSTGRES_AUDIT_PARAMETERS };
}

/** Lower-cased, trimmed items of a comma-separated parameter value. */
export function listItems(value: string): string[] {
  return value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
}

/**
 * Why a `pgaudit.log` value weakens the audit, or undefined when it keeps DDL and role
 * changes and logs no data class.
 */
export function pgauditLogProblem(value: string): string | undefined {
  const classes = listItems(value);
  const data = classes.filter((c) => (PGAUDIT_DATA_CLASSES as readonly string[]).includes(c));
  if (data.length > 0) return `it logs the class ${data.join(', ')}, whose statement text carries the PHI values of every query`;
  const missing = PGAUDIT_REQUIRED_CLASSES.filter((c) => !classes.includes(c) || classes.includes(`-${c}`));
  if (missing.length > 0) return `it leaves out ${missing.join(' and ')} changes, which the audit must record`;
  return undefined;
}
