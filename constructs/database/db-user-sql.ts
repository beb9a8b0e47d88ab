/**
 * The SQL the database-user provisioner issues, built from allow-listed input
 * only. Shared by the construct (synth-time validation, so bad input fails
 * `cdk synth`) and the Lambda handler (validated again, because a template can
 * be edited after synth). No aws-cdk-lib import: this file is bundled into the
 * Lambda function.
 *
 * Identifiers are never taken from user input as free text: they must match
 * {@link IDENTIFIER}, which admits no quote, backtick, space or dot, and are then
 * quoted anyway. Privileges are keywords from {@link DB_PRIVILEGES}. Values
 * compared against catalogs go as bound parameters.
 */

/** The engines the provisioner knows (the values of HipaaDatabaseEngineFamily). */
export type DbUserEngine = 'postgres' | 'mysql' | 'aurora-postgresql';

/** Privileges a database user may be granted, the same words on every engine. */
export const DB_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'TRIGGER', 'CREATE'] as const;
/** One allow-listed privilege keyword. */
export type DbPrivilege = typeof DB_PRIVILEGES[number];

/** Lower-case letters, digits and underscores, starting with a letter: valid unquoted on every engine. */
export const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
/** Longest user name: MySQL 8 accepts 32 characters, PostgreSQL 63. */
export const MAX_USER_NAME: Readonly<Record<DbUserEngine, number>> = { 'postgres': 63, 'aurora-postgresql': 63, 'mysql': 32 };
/** Longest database or schema name (PostgreSQL 63, MySQL 64). */
export const MAX_OBJECT_NAME = 63;
/**
 * Names owned by RDS or the engine: `rdsadmin`, `rds_superuser`, `rds_iam`, `rdsrepladmin`,
 * `pg_*` roles, `postgres`, `mysql`, `root`, `public`. A grant must never adopt one.
 */
export const RESERVED_USER = /^(rds.*|pg_.*|aws_.*|postgres|mysql|root|public|admin|mysql_.*|sys|information_schema|performance_schema)$/;

/** What the provisioner is asked to set up (validated). */
export interface DbUserSpec {
  readonly engine: DbUserEngine;
  readonly userName: string;
  /** PostgreSQL: the database the handler connects to and grants in. MySQL: the `db`.* the privileges apply to. */
  readonly databaseName: string;
  readonly privileges: readonly DbPrivilege[];
  /** PostgreSQL schemas whose tables the privileges cover (ignored on MySQL). */
  readonly schemas: readonly string[];
}

/** One statement with its bound parameters. */
export interface Statement {
  readonly sql: string;
  readonly params?: readonly string[];
}

/** A problem with the input; the message names the field, the value and the fix. */
export class DbUserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbUserInputError';
  }
}

/** True for the PostgreSQL family. */
export function isPostgres(engine: DbUserEngine): boolean {
  return engine === 'postgres' || engine === 'aurora-postgresql';
}

/** Checks a user name; returns the reason it is refused, or undefined. */
export function userNameProblem(engine: DbUserEngine, userName: unknown, masterUsername?: string): string | undefined {
  if (typeof userName !== 'string' || !IDENTIFIER.test(userName) || userName.length > MAX_USER_NAME[engine]) {
    return `dbUser is '${String(userName)}'; use 1 to ${MAX_USER_NAME[engine]} lower-case letters, digits and underscores, starting with a letter.`;
  }
  if (RESERVED_USER.test(userName)) {
    return `dbUser is '${userName}', a name reserved by RDS or the engine (rds*, pg_*, aws_*, postgres, mysql, root, admin, ...); choose an application name such as 'app_rw'.`;
  }
  if (masterUsername !== undefined && userName === masterUsername) {
    return `dbUser is '${userName}', the master user; workloads must connect as their own least-privileged user, never as the master user.`;
  }
  return undefined;
}

/** Checks a database or schema name; returns the reason it is refused, or undefined. */
export function objectNameProblem(field: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || !IDENTIFIER.test(name) || name.length > MAX_OBJECT_NAME) {
    return `${field} is '${String(name)}'; use 1 to ${MAX_OBJECT_NAME} lower-case letters, digits and underscores, starting with a letter.`;
  }
  if (name === 'mysql' || name === 'sys' || name === 'information_schema' || name === 'performance_schema' || name === 'rdsadmin' || name.startsWith('pg_')) {
    return `${field} is '${name}', a system database or schema; grant on the application's own database and schemas.`;
  }
  return undefined;
}

/** Checks privilege keywords; returns the reason they are refused, or undefined. */
export function privilegesProblem(privileges: unknown): string | undefined {
  if (!Array.isArray(privileges) || privileges.length === 0) {
    return `privileges is ${JSON.stringify(privileges)}; name at least one of ${DB_PRIVILEGES.join(', ')}.`;
  }
  const bad = privileges.filter((p) => !(DB_PRIVILEGES as readonly unknown[]).includes(p));
  if (bad.length > 0) {
    return `privileges contains ${bad.map((p) => `'${String(p)}'`).join(', ')}; allowed are ${DB_PRIVILEGES.join(', ')} ` +
      '(no ALL, no GRANT OPTION, no administrative privileges: a workload user gets what it uses).';
  }
  if (new Set(privileges).size !== privileges.length) return `privileges ${JSON.stringify(privileges)} lists a privilege twice; name each once.`;
  return undefined;
}

/** Validates a whole spec; throws DbUserInputError with every problem found. */
export function validateSpec(raw: { engine?: unknown; userName?: unknown; databaseName?: unknown; privileges?: unknown; schemas?: unknown }, masterUsername?: string): DbUserSpec {
  const engine = raw.engine;
  if (engine !== 'postgres' && engine !== 'mysql' && engine !== 'aurora-postgresql') {
    throw new DbUserInputError(`Engine is '${String(engine)}'; expected postgres, mysql or aurora-postgresql.`);
  }
  const schemas = raw.schemas ?? (isPostgres(engine) ? ['public'] : []);
  const problems = [
    userNameProblem(engine, raw.userName, masterUsername),
    objectNameProblem('databaseName', raw.databaseName),
    privilegesProblem(raw.privileges),
    ...(Array.isArray(schemas) ? schemas.map((s) => objectNameProblem('schemas[]', s)) : [`schemas is ${JSON.stringify(schemas)}; pass a list of schema names.`]),
    isPostgres(engine) && Array.isArray(schemas) && schemas.length === 0 ? 'schemas is empty; name the schemas whose tables the user may use (e.g. public).' : undefined,
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new DbUserInputError(problems.join(' '));
  return {
    engine,
    userName: raw.userName as string,
    databaseName: raw.databaseName as string,
    privileges: raw.privileges as DbPrivilege[],
    schemas: isPostgres(engine) ? [...new Set(schemas as string[])] : [],
  };
}

const pgId = (name: string) => `"${name}"`;
const myUser = (name: string) => `'${name}'@'%'`;
const myId = (name: string) => `\`${name}\``;

/** PostgreSQL: does the role exist, and is it privileged (then it is never adopted)? */
export const PG_ROLE_QUERY: Statement = {
  sql: 'SELECT (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls) AS privileged FROM pg_roles WHERE rolname = $1',
};

/**
 * PostgreSQL (RDS and Aurora): a login role with IAM authentication (`rds_iam`, and no
 * password, so the token is the only way in), then, per schema, exactly the privileges
 * named on its tables, present and future (`ALTER DEFAULT PRIVILEGES` for tables the
 * master user creates), after revoking whatever an earlier version of the grant gave.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html
 */
export function postgresGrantStatements(spec: DbUserSpec, roleExists: boolean, previousSchemas: readonly string[] = []): Statement[] {
  const u = pgId(spec.userName);
  const out: Statement[] = [];
  out.push({ sql: roleExists ? `ALTER ROLE ${u} WITH LOGIN PASSWORD NULL` : `CREATE ROLE ${u} WITH LOGIN` });
  out.push({ sql: `GRANT rds_iam TO ${u}` });
  out.push({ sql: `GRANT CONNECT ON DATABASE ${pgId(spec.databaseName)} TO ${u}` });
  for (const schema of [...new Set([...previousSchemas, ...spec.schemas])]) out.push(...postgresRevokeSchema(schema, u));
  const table = spec.privileges.filter((p) => p !== 'CREATE');
  const writes = spec.privileges.some((p) => p === 'INSERT' || p === 'UPDATE');
  for (const schema of spec.schemas) {
    const s = pgId(schema);
    out.push({ sql: `GRANT USAGE${spec.privileges.includes('CREATE') ? ', CREATE' : ''} ON SCHEMA ${s} TO ${u}` });
    if (table.length > 0) {
      out.push({ sql: `GRANT ${table.join(', ')} ON ALL TABLES IN SCHEMA ${s} TO ${u}` });
      out.push({ sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT ${table.join(', ')} ON TABLES TO ${u}` });
    }
    if (writes) {
      // Serial and identity columns draw from sequences: inserting needs USAGE on them.
      out.push({ sql: `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${u}` });
      out.push({ sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${u}` });
    }
  }
  return out;
}

function postgresRevokeSchema(schema: string, u: string): Statement[] {
  const s = pgId(schema);
  return [
    { sql: `REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${u}` },
    { sql: `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${u}` },
    { sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} REVOKE ALL ON TABLES FROM ${u}` },
    { sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} REVOKE ALL ON SEQUENCES FROM ${u}` },
    { sql: `REVOKE ALL ON SCHEMA ${s} FROM ${u}` },
  ];
}

/**
 * PostgreSQL removal: every privilege this grant gave is revoked and the role loses
 * LOGIN and rds_iam first, so access ends even when the role cannot be dropped; the
 * DROP that follows runs under a savepoint and fails (kept, without login) when the
 * role still owns objects, whose tables may hold PHI and are never dropped here.
 */
export function postgresRevokeStatements(spec: DbUserSpec): Statement[] {
  const u = pgId(spec.userName);
  return [
    ...spec.schemas.flatMap((schema) => postgresRevokeSchema(schema, u)),
    { sql: `REVOKE CONNECT ON DATABASE ${pgId(spec.databaseName)} FROM ${u}` },
    { sql: `REVOKE rds_iam FROM ${u}` },
    { sql: `ALTER ROLE ${u} WITH NOLOGIN` },
  ];
}

/** PostgreSQL: the final DROP of a role (run under a savepoint). */
export function postgresDropStatement(spec: DbUserSpec): Statement {
  return { sql: `DROP ROLE ${pgId(spec.userName)}` };
}

/**
 * MySQL: a user that authenticates only with an IAM token (AWSAuthenticationPlugin) and
 * only over TLS, whose privileges are reset to exactly those named on `db`.*.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html
 */
export function mysqlGrantStatements(spec: DbUserSpec): Statement[] {
  const u = myUser(spec.userName);
  return [
    { sql: `CREATE USER IF NOT EXISTS ${u} IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL` },
    // An existing user (an earlier grant, or one made by hand) is switched to IAM and TLS too.
    { sql: `ALTER USER ${u} IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL` },
    { sql: `REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${u}` },
    { sql: `GRANT ${spec.privileges.join(', ')} ON ${myId(spec.databaseName)}.* TO ${u}` },
  ];
}

/** MySQL removal: users own no objects, so dropping loses no data. */
export function mysqlDropStatements(spec: DbUserSpec): Statement[] {
  return [{ sql: `DROP USER IF EXISTS ${myUser(spec.userName)}` }];
}
