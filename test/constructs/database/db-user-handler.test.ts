import * as crypto from 'crypto';
import {
  ConnectionTarget, createDbUserHandler, DbUserProperties, DbUserRequest, MasterSecret, mysqlConnectionOptions, mysqlConnector,
  parseMasterSecret, pgClientConfig, pgConnector, tlsOptions,
} from '../../../constructs/database/db-user-handler';
import { DbUserEngine } from '../../../constructs/database/db-user-sql';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:db-master-AbCdEf';
const MASTER: MasterSecret = { host: 'db-x.abc123.eu-west-1.rds.amazonaws.com', port: 5432, username: 'hipaa_admin', password: 'not-a-real-password' };

interface FakeOptions {
  /** pg_roles answer for the user: absent, an ordinary role, or an administrative one. */
  role?: 'absent' | 'exists' | 'privileged';
  /** Schemas pg_namespace knows. */
  namespaces?: string[];
  /** DROP ROLE fails with this SQLSTATE. */
  dropFails?: string;
  /** The statement matching this fails. */
  failOn?: RegExp;
  secret?: MasterSecret | undefined;
  /** The first n logins fail with this error. */
  refuseLogins?: { times: number; error: { code?: string; errno?: number; message: string } };
}

/** A fake driver: records every statement per connection and answers the catalog queries. */
function fake(options: FakeOptions = {}) {
  const sessions: Array<{ engine: DbUserEngine; target: ConnectionTarget; statements: string[]; params: Array<readonly string[] | undefined>; ended: boolean }> = [];
  const logs: string[] = [];
  const sleeps: number[] = [];
  let secretReads = 0;
  let refused = 0;
  const handler = createDbUserHandler({
    async getSecret(arn) {
      expect(arn).toBe(SECRET_ARN);
      secretReads++;
      return 'secret' in options ? options.secret : { ...MASTER, password: `pw-${secretReads}` };
    },
    async connect(engine, target) {
      if (options.refuseLogins && refused < options.refuseLogins.times) {
        refused++;
        throw Object.assign(new Error(options.refuseLogins.error.message), options.refuseLogins.error);
      }
      const session = { engine, target, statements: [] as string[], params: [] as Array<readonly string[] | undefined>, ended: false };
      sessions.push(session);
      return {
        async query(sql, params) {
          session.statements.push(sql);
          session.params.push(params);
          if (options.failOn?.test(sql)) throw Object.assign(new Error(`boom: ${sql}`), { code: '42000' });
          if (sql.startsWith('SELECT (rolsuper')) {
            const role = options.role ?? 'absent';
            return role === 'absent' ? [] : [{ privileged: role === 'privileged' }];
          }
          if (sql.startsWith('SELECT nspname')) {
            const wanted = (params?.[0] ?? '').replace(/[{}]/g, '').split(',');
            return (options.namespaces ?? ['public']).filter((n) => wanted.includes(n)).map((nspname) => ({ nspname }));
          }
          if (sql.startsWith('DROP ROLE') && options.dropFails) {
            throw Object.assign(new Error('role "app_rw" cannot be dropped because some objects depend on it'), { code: options.dropFails });
          }
          return [];
        },
        async end() { session.ended = true; },
      };
    },
    log: (m) => logs.push(m),
    sleep: async (ms) => { sleeps.push(ms); },
  });
  return { handler, sessions, logs, sleeps, secretReads: () => secretReads, all: () => sessions.flatMap((s) => s.statements) };
}

const props = (over: Partial<DbUserProperties> = {}): DbUserProperties => ({
  SecretArn: SECRET_ARN, Engine: 'postgres', UserName: 'app_rw', DatabaseName: 'records', Privileges: ['SELECT', 'INSERT'], Schemas: ['public'], ...over,
});
const request = (over: Partial<DbUserRequest> = {}): DbUserRequest => ({ RequestType: 'Create', ResourceProperties: props(), ...over });
const PHYSICAL_ID = `app_rw@${SECRET_ARN}`;

describe('database user handler: PostgreSQL and Aurora PostgreSQL', () => {
  test.each(['postgres', 'aurora-postgresql'])('%s Create: an IAM-authenticated login role with exactly the named privileges, in one transaction', async (engine) => {
    const { handler, sessions } = fake();
    const result = await handler(request({ ResourceProperties: props({ Engine: engine }) }));
    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { UserName: 'app_rw' } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].target).toEqual({ ...MASTER, password: 'pw-1', database: 'records' });
    expect(sessions[0].ended).toBe(true);
    const s = sessions[0].statements;
    expect(s[0]).toBe('BEGIN');
    expect(s[s.length - 1]).toBe('COMMIT');
    expect(sessions[0].params[1]).toEqual(['app_rw']); // the role lookup binds the name
    expect(s).toEqual(expect.arrayContaining([
      'CREATE ROLE "app_rw" WITH LOGIN',
      'GRANT rds_iam TO "app_rw"',
      'GRANT CONNECT ON DATABASE "records" TO "app_rw"',
      'GRANT USAGE ON SCHEMA "public" TO "app_rw"',
      'GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "public" TO "app_rw"',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "public" GRANT SELECT, INSERT ON TABLES TO "app_rw"',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "public" TO "app_rw"',
    ]));
    // No password is ever set, and nothing beyond the named privileges is granted.
    expect(s.join('\n')).not.toMatch(/PASSWORD '|SUPERUSER|CREATEROLE|GRANT ALL|WITH GRANT OPTION|rds_superuser/);
    expect(s.filter((x) => x.startsWith('GRANT ')).join('\n')).not.toMatch(/UPDATE|DELETE|CREATE/);
  });

  test('previous grants are revoked before the new ones are given, so a narrower update takes effect', async () => {
    const { handler, all } = fake();
    await handler(request());
    const s = all();
    const revoke = s.indexOf('REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM "app_rw"');
    const grant = s.indexOf('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "public" TO "app_rw"');
    expect(revoke).toBeGreaterThan(0);
    expect(grant).toBeGreaterThan(revoke);
  });

  test('CREATE adds CREATE on the schema; a schema other than public is created if missing; read-only gets no sequences', async () => {
    const { handler, all } = fake();
    await handler(request({ ResourceProperties: props({ Privileges: ['SELECT', 'CREATE'], Schemas: ['app'] }) }));
    expect(all()).toEqual(expect.arrayContaining([
      'CREATE SCHEMA IF NOT EXISTS "app"', 'GRANT USAGE, CREATE ON SCHEMA "app" TO "app_rw"', 'GRANT SELECT ON ALL TABLES IN SCHEMA "app" TO "app_rw"',
    ]));
    expect(all().join('\n')).not.toMatch(/SEQUENCES IN SCHEMA "app" TO/);
    expect(all()).not.toContain('CREATE SCHEMA IF NOT EXISTS "public"');
  });

  test('Update: an existing ordinary role is reused without a password, and schemas dropped from the grant are revoked', async () => {
    const { handler, all } = fake({ role: 'exists', namespaces: ['public', 'old'] });
    const result = await handler(request({
      RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID,
      ResourceProperties: props({ Privileges: ['SELECT'] }),
      OldResourceProperties: props({ Schemas: ['public', 'old'], Privileges: ['SELECT', 'INSERT', 'DELETE'] }),
    }));
    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    const s = all();
    expect(s).toContain('ALTER ROLE "app_rw" WITH LOGIN PASSWORD NULL');
    expect(s).not.toContain('CREATE ROLE "app_rw" WITH LOGIN');
    expect(s).toContain('REVOKE ALL ON ALL TABLES IN SCHEMA "old" FROM "app_rw"');
    expect(s).toContain('REVOKE ALL ON SCHEMA "old" FROM "app_rw"');
    expect(s).not.toContain('GRANT USAGE ON SCHEMA "old" TO "app_rw"');
    expect(s).toContain('GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "app_rw"');
  });

  test('Update to another database revokes in the old database first, keeping the role', async () => {
    const { handler, sessions } = fake({ role: 'exists' });
    await handler(request({
      RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID,
      ResourceProperties: props({ DatabaseName: 'records2' }), OldResourceProperties: props(),
    }));
    expect(sessions.map((s) => s.target.database)).toEqual(['records', 'records2']);
    expect(sessions[0].statements).toContain('REVOKE CONNECT ON DATABASE "records" FROM "app_rw"');
    expect(sessions[0].statements.join('\n')).not.toMatch(/NOLOGIN|REVOKE rds_iam|DROP ROLE/);
    expect(sessions[1].statements).toContain('GRANT CONNECT ON DATABASE "records2" TO "app_rw"');
  });

  test('an existing administrative role is never adopted', async () => {
    const { handler, all } = fake({ role: 'privileged' });
    await expect(handler(request())).rejects.toThrow(/holds administrative attributes/);
    expect(all()).toContain('ROLLBACK');
    expect(all().join('\n')).not.toMatch(/GRANT/);
  });

  test('a failing statement rolls the whole grant back and the error reaches CloudFormation', async () => {
    const { handler, all, sessions } = fake({ failOn: /^GRANT rds_iam/ });
    await expect(handler(request())).rejects.toThrow(/boom: GRANT rds_iam/);
    expect(all()).toContain('ROLLBACK');
    expect(all()).not.toContain('COMMIT');
    expect(sessions[0].ended).toBe(true);
  });

  test('Delete: privileges, rds_iam and LOGIN are taken away, then the role is dropped', async () => {
    const { handler, all } = fake({ role: 'exists' });
    const result = await handler(request({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID }));
    expect(result.Data).toEqual({ Outcome: 'role dropped' });
    const s = all();
    expect(s.indexOf('REVOKE rds_iam FROM "app_rw"')).toBeLessThan(s.indexOf('DROP ROLE "app_rw"'));
    expect(s).toContain('ALTER ROLE "app_rw" WITH NOLOGIN');
    expect(s).toContain('SAVEPOINT drop_role');
    expect(s[s.length - 1]).toBe('COMMIT');
    expect(s.join('\n')).not.toMatch(/DROP OWNED|DROP TABLE|CASCADE/);
  });

  test('Delete keeps a role that owns objects (its tables may hold PHI), without login', async () => {
    const { handler, all } = fake({ role: 'exists', dropFails: '2BP01' });
    const result = await handler(request({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID }));
    expect(result.Data.Outcome).toMatch(/^role kept without login/);
    expect(all()).toContain('ROLLBACK TO SAVEPOINT drop_role');
    expect(all()).toContain('ALTER ROLE "app_rw" WITH NOLOGIN');
    expect(all()[all().length - 1]).toBe('COMMIT');
  });

  test('Delete fails on any other DROP error', async () => {
    const { handler } = fake({ role: 'exists', dropFails: '42501' });
    await expect(handler(request({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID }))).rejects.toThrow(/cannot be dropped/);
  });

  test('Delete of a role that is gone, of a failed Create, or after the secret is gone does nothing', async () => {
    const gone = fake({ role: 'absent' });
    expect((await gone.handler(request({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID }))).Data).toEqual({ Outcome: 'role did not exist' });
    expect(gone.all()).toEqual(['BEGIN', expect.stringMatching(/^SELECT \(rolsuper/), 'COMMIT']);
    const failed = fake();
    await failed.handler(request({ RequestType: 'Delete', PhysicalResourceId: 'Users-not-created-req' }));
    expect(failed.sessions).toHaveLength(0);
    const noSecret = fake({ secret: undefined });
    await noSecret.handler(request({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID }));
    expect(noSecret.sessions).toHaveLength(0);
  });
});

describe('database user handler: master login during a rotation', () => {
  test('a refused login is retried with the secret read again', async () => {
    const { handler, sessions, sleeps, secretReads, logs } = fake({ refuseLogins: { times: 2, error: { code: '28P01', message: 'password authentication failed' } } });
    await handler(request());
    expect(sleeps).toEqual([10_000, 10_000]);
    expect(secretReads()).toBe(3);
    expect(sessions[0].target.password).toBe('pw-3');
    expect(logs.join('\n')).not.toMatch(/pw-/); // never the password
  });

  test('MySQL access denied counts as refused; after five attempts the error stands', async () => {
    const { handler, sleeps } = fake({ refuseLogins: { times: 9, error: { errno: 1045, message: 'Access denied' } } });
    await expect(handler(request({ ResourceProperties: props({ Engine: 'mysql', Schemas: undefined }) }))).rejects.toThrow(/Access denied/);
    expect(sleeps).toHaveLength(4);
  });

  test('other connection errors (TLS, network) are not retried', async () => {
    const { handler, sleeps } = fake({ refuseLogins: { times: 1, error: { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' } } });
    await expect(handler(request())).rejects.toThrow(/self-signed/);
    expect(sleeps).toHaveLength(0);
  });
});

describe('database user handler: MySQL', () => {
  test('Create: AWSAuthenticationPlugin, TLS required, privileges reset to exactly those named on db.*', async () => {
    const { handler, sessions } = fake();
    await handler(request({ ResourceProperties: props({ Engine: 'mysql', Schemas: undefined, Privileges: ['SELECT', 'UPDATE'] }) }));
    expect(sessions[0].engine).toBe('mysql');
    expect(sessions[0].target.database).toBeUndefined();
    expect(sessions[0].statements).toEqual([
      "CREATE USER IF NOT EXISTS 'app_rw'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      "ALTER USER 'app_rw'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'app_rw'@'%'",
      "GRANT SELECT, UPDATE ON `records`.* TO 'app_rw'@'%'",
    ]);
  });

  test('Delete drops the user (MySQL users own no objects)', async () => {
    const { handler, all } = fake();
    await handler(request({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: props({ Engine: 'mysql' }) }));
    expect(all()).toEqual(["DROP USER IF EXISTS 'app_rw'@'%'"]);
  });
});

describe('database user handler: bad input never reaches the database', () => {
  test.each([
    ['quote in the user name', { UserName: "x'; DROP TABLE t; --" }, /dbUser is 'x'; DROP TABLE t; --'/],
    ['upper case user name', { UserName: 'App' }, /dbUser is 'App'/],
    ['reserved name', { UserName: 'rdsadmin' }, /reserved by RDS/],
    ['the master user', { UserName: 'hipaa_admin' }, /the master user/],
    ['MySQL name too long', { Engine: 'mysql', UserName: 'a'.repeat(33) }, /1 to 32/],
    ['privilege outside the allow-list', { Privileges: ['SELECT', 'ALL PRIVILEGES'] }, /privileges contains 'ALL PRIVILEGES'/],
    ['privilege smuggling SQL', { Privileges: ['SELECT ON x TO y; --'] }, /privileges contains/],
    ['no privileges', { Privileges: [] }, /name at least one/],
    ['database with a backtick', { Engine: 'mysql', DatabaseName: 'a`b' }, /databaseName is 'a`b'/],
    ['system database', { Engine: 'mysql', DatabaseName: 'mysql' }, /system database/],
    ['schema with a quote', { Schemas: ['a"b'] }, /schemas\[\] is 'a"b'/],
    ['unknown engine', { Engine: 'oracle' }, /Engine is 'oracle'/],
    ['not a secret ARN', { SecretArn: 'db-master' }, /SecretArn is 'db-master'/],
  ])('%s', async (_name, over, message) => {
    const { handler, sessions } = fake();
    await expect(handler(request({ ResourceProperties: props(over as Partial<DbUserProperties>) }))).rejects.toThrow(message);
    expect(sessions).toHaveLength(0);
  });

  test('a missing master secret fails Create', async () => {
    const { handler } = fake({ secret: undefined });
    await expect(handler(request())).rejects.toThrow(/does not exist/);
  });
});

describe('database user handler: TLS and drivers', () => {
  const target: ConnectionTarget = { ...MASTER, database: 'records' };

  test('TLS is verified against the RDS certificate authorities only, with the host name, TLS 1.2+', () => {
    const tls = tlsOptions(MASTER.host);
    expect(tls).toMatchObject({ rejectUnauthorized: true, minVersion: 'TLSv1.2', servername: MASTER.host });
    const subjects = tls.ca.map((pem) => new crypto.X509Certificate(pem));
    expect(subjects.length).toBeGreaterThan(50);
    expect(subjects.every((c) => c.ca && /OU=Amazon RDS/.test(c.subject))).toBe(true);
    // The CA that HipaaDatabase selects (rds-ca-rsa2048-g1) for the regions most deployments use.
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ca-central-1']) {
      const root = subjects.find((c) => c.subject.includes(`CN=Amazon RDS ${region} Root CA RSA2048 G1`));
      expect([region, root !== undefined]).toEqual([region, true]);
      expect(new Date(root!.validTo).getFullYear()).toBeGreaterThan(2050);
    }
  });

  test('pg: the client gets the TLS options, the master credentials and the database; connections end', async () => {
    const seen: unknown[] = [];
    const connect = pgConnector(class {
      constructor(config: unknown) { seen.push(config); }
      async connect() { /* connected */ }
      async query(sql: string, params?: unknown[]) { seen.push([sql, params]); return { rows: [{ ok: 1 }] } as any; }
      async end() { seen.push('end'); }
    } as any);
    const session = await connect(target);
    expect(await session.query('SELECT $1', ['x'])).toEqual([{ ok: 1 }]);
    await session.end();
    expect(seen[0]).toEqual(pgClientConfig(target));
    expect(seen[0]).toMatchObject({ host: MASTER.host, port: 5432, user: 'hipaa_admin', database: 'records', ssl: { rejectUnauthorized: true, minVersion: 'TLSv1.2' } });
    expect(seen.slice(1)).toEqual([['SELECT $1', ['x']], 'end']);
  });

  test('mysql2: TLS with verifyIdentity (mysql2 skips the host name check without it), no multiple statements', async () => {
    let options: any;
    const connect = mysqlConnector(async (o) => {
      options = o;
      return { query: async () => [[{ n: 1 }], []], end: async () => undefined } as any;
    });
    const session = await connect({ ...MASTER, port: 3306 });
    expect(await session.query('SELECT 1')).toEqual([{ n: 1 }]);
    expect(options).toEqual(mysqlConnectionOptions({ ...MASTER, port: 3306 }));
    expect(options).toMatchObject({ port: 3306, user: 'hipaa_admin', multipleStatements: false, ssl: { rejectUnauthorized: true, verifyIdentity: true, minVersion: 'TLSv1.2' } });
    expect(options.ssl.ca.length).toBeGreaterThan(50);
  });

  test('the master secret must carry host, port, username and password', () => {
    expect(parseMasterSecret(JSON.stringify({ ...MASTER, engine: 'postgres', dbname: 'x' }))).toEqual(MASTER);
    expect(() => parseMasterSecret(JSON.stringify({ username: 'u', password: 'p' }))).toThrow(/SecretTargetAttachment/);
  });
});
