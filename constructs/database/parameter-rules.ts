import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';
import { listItems, pgauditLogProblem } from './audit-parameters';
import { HipaaDatabaseEngineFamily } from './engine';
import { assertStringAtDeploy, describeValue } from '../validation';

/**
 * Engine parameters a user may not set through `HipaaDatabase` `parameters`,
 * because they would copy PHI into logs or let clients connect with old TLS.
 * (The engine's force-TLS parameter itself is checked beside the parameter
 * group.) One place, so other parameter checks (audit) stay separate.
 */
interface ParameterRule {
  readonly families: readonly HipaaDatabaseEngineFamily[];
  readonly name: string;
  /** True when the (literal) value weakens a safeguard. */
  readonly weakens: (value: string) => boolean;
  readonly why: string;
  readonly fix: string;
  /** The values a parameter-driven (token) value may take, checked by a template rule at deploy time; none: a token is refused. */
  readonly allowed?: readonly string[];
}

const PG = [HipaaDatabaseEngineFamily.POSTGRES, HipaaDatabaseEngineFamily.AURORA_POSTGRESQL];
const MYSQL = [HipaaDatabaseEngineFamily.MYSQL];
const OLD_TLS = /^tlsv1(\.[01])?$/i;
const OFF = (v: string) => ['0', 'off', 'false', 'no'].includes(v.toLowerCase());

const RULES: readonly ParameterRule[] = [
  {
    families: MYSQL, name: 'general_log', weakens: (v) => ['1', 'on', 'true'].includes(v.toLowerCase()),
    why: 'the general log copies every statement, PHI included, into the exported log group', fix: 'keep it 0 (the default); the audit plugin records connections, DDL and DCL',
    allowed: ['0', 'OFF'],
  },
  {
    families: PG, name: 'log_statement', weakens: (v) => ['all', 'mod'].includes(v.toLowerCase()),
    why: 'statement logging writes query text with the PHI values it carries into the exported log group', fix: "use 'ddl' or 'none' (the default)",
    allowed: ['none', 'ddl'],
  },
  {
    families: PG, name: 'log_min_duration_statement', weakens: (v) => v.trim() === '0',
    why: '0 logs every statement with its text, PHI included, into the exported log group', fix: 'use -1 (the default, off) or a threshold in milliseconds such as 5000',
  },
  {
    families: PG, name: 'ssl_max_protocol_version', weakens: (v) => OLD_TLS.test(v),
    why: 'a maximum below TLS 1.2 forces clients onto deprecated TLS (§164.312(e)(1))', fix: "leave it unset or use 'TLSv1.3'",
    allowed: ['', 'TLSv1.2', 'TLSv1.3'],
  },
  {
    families: PG, name: 'shared_preload_libraries', weakens: (v) => !listItems(v).includes('pgaudit'),
    why: 'without pgaudit loaded the database records no DDL and no role or privilege change', fix: "keep pgaudit in the list, e.g. 'pg_stat_statements,pgaudit' (the default)",
  },
  {
    families: PG, name: 'pgaudit.log', weakens: (v) => pgauditLogProblem(v) !== undefined,
    why: 'pgaudit.log must record ddl and role and no read, write or all class (their statement text carries PHI)', fix: "use 'ddl,role' (the default), optionally with function or misc",
  },
  {
    families: PG, name: 'pgaudit.log_parameter', weakens: (v) => !OFF(v),
    why: 'statement parameters hold the PHI values of every audited statement', fix: "keep it '0' (the default)",
  },
  {
    families: PG, name: 'pgaudit.log_level', weakens: (v) => v.toLowerCase() !== 'log',
    why: 'a level other than log can fall below log_min_messages, and the audit entries are then never written', fix: "keep it 'log' (pgAudit's default)",
  },
  {
    families: PG, name: 'log_connections', weakens: (v) => OFF(v) || v === '',
    why: 'the connection log records who connected to the database, when and from where', fix: "keep it '1' (the default)",
  },
  {
    families: PG, name: 'log_disconnections', weakens: (v) => OFF(v) || v === '',
    why: 'the disconnection log records the end and duration of every session', fix: "keep it '1' (the default)",
  },
  {
    families: PG, name: 'ssl_min_protocol_version', weakens: (v) => OLD_TLS.test(v),
    why: 'TLS 1.0 and 1.1 are deprecated and fall short of transmission security (§164.312(e)(1))', fix: "use 'TLSv1.2' (the default) or 'TLSv1.3'",
    allowed: ['TLSv1.2', 'TLSv1.3'],
  },
  {
    families: MYSQL, name: 'tls_version', weakens: (v) => v.split(',').some((p) => OLD_TLS.test(p.trim())),
    why: 'TLS 1.0 and 1.1 are deprecated and fall short of transmission security (§164.312(e)(1))', fix: "use 'TLSv1.2,TLSv1.3' or 'TLSv1.3'",
    allowed: ['TLSv1.2', 'TLSv1.3', 'TLSv1.2,TLSv1.3', 'TLSv1.3,TLSv1.2'],
  },
];

/** Throws a HipaaValidationError for the first parameter that weakens a safeguard of `family`. */
export function validateDatabaseParameters(scope: IConstruct, family: HipaaDatabaseEngineFamily, parameters: Record<string, string>): void {
  for (const [name, value] of Object.entries(parameters)) {
    const rule = RULES.find((r) => r.name === name && r.families.includes(family));
    if (Token.isUnresolved(value)) {
      // A parameter-driven value of a safeguard parameter: a template rule checks it at deploy time, or it is refused.
      if (!rule) continue;
      if (!rule.allowed) {
        throw new HipaaValidationError(scope, `parameters.${name}`, 'UNRESOLVED_TOKEN', `parameters['${name}'] is ${describeValue(scope, value)}; ` +
          `${rule.why}, so it must be a literal. ${rule.fix[0].toUpperCase()}${rule.fix.slice(1)}.`);
      }
      assertStringAtDeploy(scope, `parameters.${name}`, value, rule.allowed, rule.why);
      continue;
    }
    if (rule && rule.weakens(String(value).trim())) {
      throw new HipaaValidationError(scope, `parameters.${name}`, 'WEAKENS_SAFEGUARD',
        `parameters['${name}'] is '${value}'; ${rule.why}. ${rule.fix[0].toUpperCase()}${rule.fix.slice(1)}.`);
    }
  }
}
