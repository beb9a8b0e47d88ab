import * as path from 'path';

/**
 * The CloudFormation Guard evaluator inside `@aws/cloudformation-validate`, the
 * WebAssembly validation engine aws-cdk-lib runs on every synth. We load the
 * copy aws-cdk-lib bundles (resolved from aws-cdk-lib's own directory), so the
 * WebAssembly module is compiled once per process and shared with aws-cdk-lib's
 * validation: measured, the first engine of a process costs ~4 s of CPU, each
 * further engine ~0.4 s. No native binary is involved, so it runs wherever
 * Node.js runs.
 */

/** One diagnostic of the engine, as far as we read it. */
export interface GuardDiagnostic {
  readonly ruleId: string;
  readonly source: string;
  readonly severity: string;
  readonly message: string;
  /** `guard:<rule source name>` with `.` and `-` as `_`, upper case, e.g. `guard:CT_S3_PR_10`. */
  readonly category?: string;
  readonly entity?: { readonly logicalId?: string; readonly entityType?: string };
}

interface Engine {
  validateTemplate(template: unknown, config: Record<string, unknown>): { diagnostics: GuardDiagnostic[] };
  free(): void;
}

interface ValidateModule {
  CelEngine: new (config: { guardRules: Array<{ name: string; content: string }> }) => Engine;
  TemplateContent: new (content: string, name?: string) => unknown;
  version(): string;
}

let loaded: ValidateModule | undefined;

/** The engine module that aws-cdk-lib bundles (one copy per process). */
export function validateModule(): ValidateModule {
  if (!loaded) {
    const cdkRoot = path.dirname(require.resolve('aws-cdk-lib/package.json'));
    let resolved: string;
    try {
      resolved = require.resolve('@aws/cloudformation-validate', { paths: [cdkRoot] });
    } catch {
      throw new Error(`cdk-hipaa: @aws/cloudformation-validate not found beside aws-cdk-lib (${cdkRoot}); ` +
        'the Control Tower controls need aws-cdk-lib 2.276 or later, which bundles it.');
    }
    loaded = require(resolved) as ValidateModule;
  }
  return loaded;
}

/** A Guard rule source: a name (becomes the diagnostic category) and the rule text. */
export interface GuardRuleSource {
  readonly name: string;
  readonly content: string;
}

/** The category the engine gives the diagnostics of a rule source named `name`. */
export function guardCategory(name: string): string {
  return `guard:${name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

/**
 * Engines built in this process, by rule set. Building one parses every Guard
 * file; an app synthesized twice (tests, watch mode) reuses it. Bounded, and an
 * evicted engine frees its WebAssembly memory.
 */
const engines = new Map<string, Engine>();
const MAX_ENGINES = 3;

function engineFor(rules: readonly GuardRuleSource[]): Engine {
  const key = rules.map((r) => r.name).join('\n');
  let engine = engines.get(key);
  if (engine) {
    engines.delete(key);
  } else {
    const cfv = validateModule();
    try {
      engine = new cfv.CelEngine({ guardRules: rules.map((r) => ({ name: r.name, content: r.content })) });
    } catch (e) {
      throw new Error(`cdk-hipaa: the Guard rules could not be loaded into @aws/cloudformation-validate ${cfv.version()}: ${String(e)}`);
    }
    if (engines.size >= MAX_ENGINES) {
      const [oldest, old] = engines.entries().next().value as [string, Engine];
      engines.delete(oldest);
      old.free();
    }
  }
  engines.set(key, engine);
  return engine;
}

/**
 * Evaluates Guard rules on one template, in-process: only the Guard rules (the
 * engine's built-in CloudFormation rules are aws-cdk-lib's business and are
 * switched off here). Returns every diagnostic the Guard evaluator reported.
 */
export function evaluateGuard(rules: readonly GuardRuleSource[], templateText: string, templateName: string): GuardDiagnostic[] {
  if (rules.length === 0) return [];
  const cfv = validateModule();
  const report = engineFor(rules).validateTemplate(new cfv.TemplateContent(templateText, templateName), {
    disableBuiltinRules: true,
    detailLevel: 'STANDARD',
    severityLevel: 'INFO',
  });
  return report.diagnostics.filter((d) => d.source === 'GUARD');
}
