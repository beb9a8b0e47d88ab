import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';
import { HipaaDatabaseEngineFamily } from './engine';

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
}

const PG = [HipaaDatabaseEngineFamily.POSTGRES, HipaaDatabaseEngineFamily.AURORA_POSTGRESQL];
const MYSQL = [HipaaDatabaseEngineFamily.MYSQL];
const OLD_TLS = /^tlsv1(\.[01])?$/i;

const RULES: readonly ParameterRule[] = [
  {
    families: MYSQL, name: 'general_log', weakens: (v) => ['1', 'on', 'true'].includes(v.toLowerCase()),
    why: 'the general log copies every statement, PHI included, into the exported log group', fix: 'keep it 0 (the default); the audit plugin records connections, DDL and DCL',
  },
  {
    families: PG, name: 'log_statement', weakens: (v) => ['all', 'mod'].includes(v.toLowerCase()),
    why: 'statement logging writes query text with the PHI values it carries into the exported log group', fix: "use 'ddl' or 'none' (the default)",
  },
  {
    families: PG, name: 'ssl_min_protocol_version', weakens: (v) => OLD_TLS.test(v),
    why: 'TLS 1.0 and 1.1 are deprecated and fall short of transmission security (§164.312(e)(1))', fix: "use 'TLSv1.2' (the default) or 'TLSv1.3'",
  },
  {
    families: MYSQL, name: 'tls_version', weakens: (v) => v.split(',').some((p) => OLD_TLS.test(p.trim())),
    why: 'TLS 1.0 and 1.1 are deprecated and fall short of transmission security (§164.312(e)(1))', fix: "use 'TLSv1.2,TLSv1.3' or 'TLSv1.3'",
  },
];

/** Throws a HipaaValidationError for the first parameter that weakens a safeguard of `family`. */
export function validateDatabaseParameters(scope: IConstruct, family: HipaaDatabaseEngineFamily, parameters: Record<string, string>): void {
  for (const [name, value] of Object.entries(parameters)) {
    if (Token.isUnresolved(value)) continue;
    const rule = RULES.find((r) => r.name === name && r.families.includes(family));
    if (rule && rule.weakens(String(value).trim())) {
      throw new HipaaValidationError(scope, `parameters.${name}`, 'WEAKENS_SAFEGUARD',
        `parameters['${name}'] is '${value}'; ${rule.why}. ${rule.fix[0].toUpperCase()}${rule.fix.slice(1)}.`);
    }
  }
}
