import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { applyHipaaChecks, HipaaChecksOptions } from '../compliance/apply-hipaa-checks';

/** One unacknowledged finding of the gate. */
export interface GateFinding {
  /** The plugin (pack) that reported it, e.g. `HIPAA.Security` or `HipaaGapChecks`. */
  readonly pack: string;
  /** The rule id as reported, e.g. `HIPAA.Security-S3BucketReplicationEnabled`. */
  readonly rule: string;
  /** `error` or `warning` (both fail a gated synth with strict validation). */
  readonly severity: string;
  /** Construct paths of the offending resources. */
  readonly constructPaths: string[];
  /** The rule's description of what is wrong. */
  readonly message: string;
}

/** An acknowledgement made in the app (with `suppress` or `Validations.of(...).acknowledge`). */
export interface GateAcknowledgement {
  /** The pack the rule id belongs to, from its prefix, e.g. `HIPAA.Security`. */
  readonly pack: string;
  /** The acknowledged rule id, e.g. `HIPAA.Security-S3BucketReplicationEnabled`. */
  readonly rule: string;
  /** The construct the acknowledgement was made on (it covers that construct's subtree). */
  readonly constructPath: string;
  /** The reason given with the acknowledgement. */
  readonly reason: string;
}

/** What the gate reported for an app or a stack. */
export interface GateResult {
  /** Unacknowledged findings: each one fails `cdk synth`. */
  readonly findings: GateFinding[];
  /** Acknowledged findings with their reasons. */
  readonly acknowledgements: GateAcknowledgement[];
}

/** Options of {@link findings}. */
export interface FindingsOptions {
  /**
   * Options for `applyHipaaChecks` when the app has no gate registered yet.
   * Ignored when the app already called `applyHipaaChecks`.
   * @default - every pack
   */
  readonly checks?: HipaaChecksOptions;
}

// applyHipaaChecks marks the stage it registered on with this global symbol.
const APPLIED = Symbol.for('cdk-hipaa.checks-applied');

// A stage synthesizes once; later calls read the same result (and cost nothing).
const RESULTS = new WeakMap<Stage, GateResult>();

/**
 * Runs the compliance gate on the app (or the app of a stack) and returns what it
 * reported. Registers `applyHipaaChecks` first when the app has not; synthesizes
 * once (a second call reads the same report). For a stack, only findings on its
 * own constructs are returned.
 */
export function findings(scope: Stage | Stack, options: FindingsOptions = {}): GateResult {
  const stage = Stack.isStack(scope) ? rootStage(scope) : scope;
  const result = RESULTS.get(stage) ?? gate(stage, options);
  RESULTS.set(stage, result);
  if (!Stack.isStack(scope)) return result;
  const prefix = `${scope.node.path}/`;
  const inStack = (p: string) => p === scope.node.path || p.startsWith(prefix);
  return {
    findings: result.findings.filter((f) => f.constructPaths.some(inStack)),
    acknowledgements: result.acknowledgements.filter((a) => inStack(a.constructPath)),
  };
}

function gate(stage: Stage, options: FindingsOptions): GateResult {
  // No after-synth summary or evidence report in a unit test unless asked for.
  if (!(stage as any)[APPLIED]) applyHipaaChecks(stage, { summary: false, ...options.checks });
  let synthError: unknown;
  try {
    stage.synth();
  } catch (error) {
    synthError = error;
  }
  const reportPath = path.join(stage.outdir, 'validation-report.json');
  if (!fs.existsSync(reportPath)) {
    if (synthError) throw synthError;
    return { findings: [], acknowledgements: readAcknowledgements(stage.outdir) };
  }
  return { findings: readValidationReport(reportPath), acknowledgements: readAcknowledgements(stage.outdir) };
}

/** The error {@link expectNoFindings} throws: its message lists every finding. */
export class GateFindingsError extends Error {
  /** The findings, for programmatic use. */
  public readonly findings: GateFinding[];

  constructor(found: GateFinding[], subject: string) {
    const lines = found.map((f) => `  - [${f.pack}] ${f.rule} (${f.severity}) at ${f.constructPaths.join(', ') || '(no construct)'}\n` +
      `      ${f.message.split('\n')[0]}`);
    super(`${subject}: ${found.length} unacknowledged finding(s) from the cdk-hipaa gate:\n${lines.join('\n')}\n` +
      'Fix each one, or acknowledge it with suppress(construct, ruleId, reason) and a reason an auditor accepts.');
    this.name = 'GateFindingsError';
    this.findings = found;
    Object.setPrototypeOf(this, GateFindingsError.prototype);
  }
}

/** Throws a {@link GateFindingsError} listing every unacknowledged finding of the gate. */
export function expectNoFindings(scope: Stage | Stack, options: FindingsOptions = {}): void {
  const found = findings(scope, options).findings;
  if (found.length > 0) throw new GateFindingsError(found, scope.node.path || 'App');
}

function rootStage(stack: Stack): Stage {
  let stage: IConstruct | undefined = Stage.of(stack);
  if (!stage) throw new Error(`${stack.node.path}: the stack is not in an App or Stage; create it inside an App.`);
  // Validation plugins run on the root App; nested Stages report through it.
  while (Stage.of(stage as Stage) !== undefined) stage = Stage.of(stage as Stage);
  return stage as Stage;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not readable JSON (${(error as Error).message}); synthesize again.`);
  }
}

/** Acknowledgements recorded in the assembly's stack metadata (nested assemblies included). */
function readAcknowledgements(assemblyDir: string): GateAcknowledgement[] {
  const manifestPath = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) return [];
  const out: GateAcknowledgement[] = [];
  for (const artifact of Object.values<any>(readJson(manifestPath).artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      out.push(...readAcknowledgements(path.join(assemblyDir, artifact.properties.directoryName)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const metadata: Record<string, Array<{ type: string; data: any }>> = artifact.metadata
      ?? (artifact.additionalMetadataFile ? readJson(path.join(assemblyDir, artifact.additionalMetadataFile)) : {});
    for (const [rawPath, entries] of Object.entries(metadata)) {
      for (const entry of entries) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries<string>(entry.data ?? {})) {
          const rule = id.replace(/^Annotation::/, '');
          out.push({ pack: packOf(rule), rule, constructPath: rawPath.replace(/^\//, ''), reason: String(reason) });
        }
      }
    }
  }
  return out;
}

/** The pack a rule id belongs to: its `Pack::` namespace or the part before the first '-'. */
function packOf(rule: string): string {
  const namespaced = rule.indexOf('::');
  if (namespaced > 0) return rule.slice(0, namespaced);
  const dash = rule.indexOf('-');
  return dash > 0 ? rule.slice(0, dash) : rule;
}

function readValidationReport(file: string): GateFinding[] {
  const report = readJson(file);
  const found: GateFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const pack = String(plugin.pluginName ?? '');
    const shape = (v: any): GateFinding => ({
      pack,
      rule: String(v.ruleName ?? ''),
      severity: String(v.severity ?? 'error'),
      constructPaths: (v.violatingConstructs ?? []).map((c: any) => String(c.constructPath ?? '')).filter((p: string) => p !== ''),
      message: String(v.description ?? ''),
    });
    for (const v of plugin.violations ?? []) found.push(shape(v));
  }
  return found;
}
