import { Annotations, Aspects, IAspect, Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import * as path from 'path';
import { HipaaAcknowledgementChecks } from './acknowledgement-checks';
import { ControlTowerGuardChecks } from './control-tower-guard';
import { formatGateSummary, summarizeGate } from './gate-summary';
import { HipaaGapChecks } from './gap-checks';
import { cloudFormationValidateEnabled, GateRecorder } from './gate-receipt';
import { MIN_REASON_LENGTH } from './reason';

/** The check packs `applyHipaaChecks` registers. */
export enum HipaaCheckPack {
  HIPAA_SECURITY = 'HIPAA.Security',
  NIST_800_53_R5 = 'NIST.800.53.R5',
  AWS_SOLUTIONS = 'AwsSolutions',
  HIPAA_GAP = 'HipaaGapChecks',
  CONTROL_TOWER = 'ControlTowerGuard',
}

/** Options of {@link applyHipaaChecks}. */
export interface HipaaChecksOptions {
  /**
   * Print each rule's explanation beside its finding.
   * @default false
   */
  readonly verbose?: boolean;
  /**
   * Packs to leave out, each with the reason (at least 30 characters). The
   * reason is written to the app as an info annotation so a reviewer sees it.
   * @default - every pack runs
   */
  readonly disabledPacks?: Partial<Record<HipaaCheckPack, string>>;
  /**
   * After each synth, write the evidence report to `<outdir>/evidence/` and
   * print the gate's summary (packs run with their rule counts, unsuppressed
   * findings, acknowledgements yours and shipped, the report's path) to stderr.
   * The environment variable `CDK_HIPAA_SUMMARY=off` turns it off when this
   * option is not given (the test suite does).
   * @default true
   */
  readonly summary?: boolean;
}

/** Where the gate writes the evidence report, relative to the cloud assembly. */
export const EVIDENCE_REPORT_DIR = 'evidence';

const APPLIED = Symbol.for('cdk-hipaa.checks-applied');

/**
 * Registers the compliance gate on an App or Stage as policy-validation plugins:
 * cdk-nag's HIPAA Security, NIST 800-53 R5 and AwsSolutions packs plus
 * {@link HipaaGapChecks} and the AWS Control Tower proactive controls
 * ({@link ControlTowerGuardChecks}, CloudFormation Guard). aws-cdk-lib's own CloudFormation validation runs as
 * well unless the app turned it off. Any unacknowledged finding fails synth and
 * the report is written to `cdk.out/validation-report.json`.
 *
 * Set `"@aws-cdk/core:strictCfnValidateErrors": true` in cdk.json so warnings
 * fail synth as well (the reference app does).
 */
export function applyHipaaChecks(scope: IConstruct, options: HipaaChecksOptions = {}): void {
  if (!Stage.isStage(scope)) {
    throw new Error(`applyHipaaChecks: scope '${scope.node.path || '(root)'}' is not an App or Stage; ` +
      'validation plugins can only be registered on an App or Stage. Pass your App.');
  }
  if ((scope as any)[APPLIED]) {
    throw new Error(`applyHipaaChecks: the checks are already registered on '${scope.node.path || 'App'}'; call it once per App or Stage.`);
  }
  const disabled = options.disabledPacks ?? {};
  for (const [pack, reason] of Object.entries(disabled)) {
    if (!Object.values(HipaaCheckPack).includes(pack as HipaaCheckPack)) {
      throw new Error(`applyHipaaChecks: disabledPacks has unknown pack '${pack}'; use one of ${Object.values(HipaaCheckPack).join(', ')}.`);
    }
    if (!reason || reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`applyHipaaChecks: disabledPacks['${pack}'] needs a reason of at least ${MIN_REASON_LENGTH} characters, got '${reason ?? ''}'.`);
    }
    Annotations.of(scope).addInfo(`cdk-hipaa: check pack ${pack} disabled: ${reason.trim()}`);
  }
  const nagProps = { verbose: options.verbose ?? false };
  const makers: Record<HipaaCheckPack, () => any> = {
    [HipaaCheckPack.HIPAA_SECURITY]: () => new HIPAASecurityChecks(scope, nagProps),
    [HipaaCheckPack.NIST_800_53_R5]: () => new NIST80053R5Checks(scope, nagProps),
    [HipaaCheckPack.AWS_SOLUTIONS]: () => new AwsSolutionsChecks(scope, nagProps),
    [HipaaCheckPack.HIPAA_GAP]: () => new HipaaGapChecks(),
    [HipaaCheckPack.CONTROL_TOWER]: () => new ControlTowerGuardChecks(),
  };
  const plugins = Object.values(HipaaCheckPack).filter((p) => !(p in disabled)).map((p) => makers[p]());
  // Judges every acknowledgement's reason; always on, it cannot be disabled or acknowledged.
  plugins.push(new HipaaAcknowledgementChecks(scope));
  const rules = recordRules(plugins);
  const recorder = new GateRecorder((plugin) => [...(rules.get(plugin.name) ?? [])].sort());
  Validations.of(scope).addPlugins(...plugins.map((p) => recorder.watch(p)));
  const summary = options.summary ?? process.env.CDK_HIPAA_SUMMARY !== 'off';
  const enabled = Object.values(HipaaCheckPack).filter((p) => !(p in disabled));
  const record = new RecordChecks(enabled, disabled);
  Aspects.of(scope).add(record);
  afterSynth(scope, recorder, summary ? plugins.map((p) => p.name) : undefined, rules, (stage) => {
    // aws-cdk-lib does not carry aspects across a Stage boundary, but the plugins judge the stacks of
    // nested Stages too: record the packs on those stacks as well (Stages created after this call included).
    for (const nested of stage.node.findAll().filter((c): c is Stage => Stage.isStage(c) && c !== stage)) {
      if (!Aspects.of(nested).all.includes(record)) Aspects.of(nested).add(record);
    }
  });
  (scope as any)[APPLIED] = true;
}

/** Metadata type recording, on each stack, which packs judged it (read by the evidence report). */
export const CHECKS_METADATA_TYPE = 'cdk-hipaa:checks';

/** Records the registered packs on every stack, so the evidence report knows what ran. */
class RecordChecks implements IAspect {
  constructor(private readonly enabled: HipaaCheckPack[], private readonly disabled: Partial<Record<HipaaCheckPack, string>>) {}

  public visit(node: IConstruct): void {
    if (Stack.isStack(node) && !node.node.metadata.some((m) => m.type === CHECKS_METADATA_TYPE)) {
      node.node.addMetadata(CHECKS_METADATA_TYPE, { enabled: this.enabled, disabled: this.disabled });
    }
  }
}

/**
 * The rules each plugin runs: `ruleIds` where a plugin lists them; cdk-nag's
 * packs do not, so the rules they apply are collected as they run (by id).
 */
function recordRules(plugins: any[]): Map<string, Set<string>> {
  const rules = new Map<string, Set<string>>();
  for (const plugin of plugins) {
    const seen = new Set<string>();
    rules.set(plugin.name, seen);
    if (Array.isArray(plugin.ruleIds)) {
      for (const id of plugin.ruleIds) seen.add(String(id));
    } else if (typeof plugin.applyRule === 'function') {
      const applyRule = plugin.applyRule.bind(plugin);
      plugin.applyRule = (params: any) => {
        seen.add(`${plugin.name}-${String(params?.ruleSuffixOverride ?? params?.rule?.name ?? '')}`);
        return applyRule(params);
      };
    }
  }
  return rules;
}

/**
 * Wraps the App's synth (the root's: aws-cdk-lib validates only there): once it
 * has run, pass or fail, write the gate's receipt, then (when `registered` is
 * given) the evidence report and the summary. `cdk synth` runs the app's
 * `synth()` (explicitly or on exit), so every gated synth ends with it.
 */
function afterSynth(
  scope: Stage, recorder: GateRecorder, registered: string[] | undefined, rules: ReadonlyMap<string, ReadonlySet<string>>, beforeSynth: (stage: Stage) => void,
): void {
  const root = Stage.isStage(scope.node.root) ? scope.node.root : scope;
  const synth = root.synth.bind(root);
  let done = false;
  (root as { synth: Stage['synth'] }).synth = (opts) => {
    if (!done) beforeSynth(scope);
    try {
      return synth(opts);
    } finally {
      if (!done) {
        done = true;
        let receiptError: string | undefined;
        try {
          recorder.write(root);
        } catch (e) {
          receiptError = (e as Error).message.split('\n')[0];
        }
        if (registered) {
          const counts = new Map([...rules].filter(([, r]) => r.size > 0).map(([name, r]) => [name, r.size]));
          // aws-cdk-lib's own validation runs beside the gate's plugins unless the app turned it off: say which.
          const cfn = cloudFormationValidateEnabled(root);
          process.stderr.write(`\n${gateSummary(root, cfn ? [...registered, CFN_VALIDATE] : registered, counts, receiptError, cfn ? [] : [`${CFN_VALIDATE} (turned off in this app)`])}\n`);
        }
      }
    }
  };
}

const CFN_VALIDATE = 'CloudFormation Validate';

function gateSummary(stage: Stage, registered: string[], ruleCounts: ReadonlyMap<string, number>, receiptError: string | undefined, notRun: string[]): string {
  const outdir = stage.outdir;
  let evidence: string | undefined;
  try {
    if (receiptError) throw new Error(`the gate's receipt could not be written (${receiptError})`);
    // Loaded here: the report reads this module's metadata type.
    const { writeEvidenceReport } = require('./report') as typeof import('./report');
    const dir = path.join(outdir, EVIDENCE_REPORT_DIR);
    const report = writeEvidenceReport(outdir, dir);
    const html = path.join(dir, 'evidence-report.html');
    const relative = path.relative(process.cwd(), html);
    const problems = report.summary.integrityProblems;
    evidence = `${relative.startsWith('..') ? html : relative} (also .md, .json)` +
      (problems ? `; its verdict is FAIL: ${problems} assembly file${problems === 1 ? '' : 's'} not proven (listed in it)` : '');
  } catch (e) {
    evidence = `not written: ${(e as Error).message.split('\n')[0]}`;
  }
  try {
    return formatGateSummary({ ...summarizeGate(outdir, stage, registered, ruleCounts, evidence), notRun });
  } catch (e) {
    return `cdk-hipaa gate: no summary (${(e as Error).message.split('\n')[0]}); see ${path.join(outdir, 'validation-report.json')}`;
  }
}

