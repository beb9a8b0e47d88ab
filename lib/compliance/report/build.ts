import * as path from 'path';
import { ACK_CHECKS_PLUGIN_NAME } from '../acknowledgement-checks';
import { CHECKS_METADATA_TYPE, HipaaCheckPack } from '../apply-hipaa-checks';
import { CONTROL_TOWER_PLUGIN_NAME, CONTROL_TOWER_RULE_PREFIX } from '../control-tower-guard';
import { GAP_CHECKS_PLUGIN_NAME, GAP_RULE_PREFIX } from '../gap-checks';
import { GateReceipt } from '../gate-receipt';
import { SHIPPED_ACK_METADATA_TYPE } from '../suppress';
import { CONFIG_EXCLUSIONS_METADATA_TYPE } from '../../../constructs/config-rules/hipaa-managed-rules';
import {
  AssemblyFiles, checkGateRan, EvidenceIntegrityProblem, StackUnderCheck, templateShape, VALIDATION_REPORT_FILE, validationReportShape,
} from './integrity';
import { EvidenceSafeguard, SAFEGUARD_ORDER, safeguardsOf, safeguardsOfRules } from './safeguards';
import { buildTraceability, TraceabilityRow } from './traceability';
import { dataEventEvidence, EvidenceDataEventRow } from './data-events';
import { regionOfEnvironment } from '../rules/cloudtrail/data-event-coverage';

export type { EvidenceIntegrityProblem } from './integrity';

/** Who made an acknowledgement: cdk-hipaa's own constructs ("shipped with cdk-hipaa") or the app ("yours"). */
export type EvidenceAcknowledgementOrigin = 'shipped' | 'yours';

/** An acknowledged finding on one resource: the safeguard it weakens (when the rule maps to one) and why it is accepted. */
export interface EvidenceResourceAcknowledgement {
  readonly plugin: string;
  readonly rule: string;
  readonly reason: string;
  readonly origin: EvidenceAcknowledgementOrigin;
  /** The safeguards the acknowledged rule tests (from the traceability matrix); empty when it tests none of them. */
  readonly safeguards: EvidenceSafeguard[];
}

/** One resource, the safeguards it implements and the findings on it that were acknowledged. */
export interface EvidenceResource {
  readonly logicalId: string;
  readonly type: string;
  readonly path: string;
  readonly safeguards: EvidenceSafeguard[];
  readonly acknowledged: EvidenceResourceAcknowledgement[];
}

/** An acknowledgement made in the app, with its reason and who made it. */
export interface EvidenceAcknowledgement {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
  readonly origin: EvidenceAcknowledgementOrigin;
  /** Why the gate's HipaaAcknowledgementChecks rejected the reason (a FAIL), when it did. */
  readonly problem?: string;
}

/** An unacknowledged finding. */
export interface EvidenceFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly paths: string[];
}

/** A check pack (validation plugin) and what it concluded for the stack. */
export interface EvidencePackResult {
  readonly pack: string;
  /** `not run`: the gate registered it but there is no record that it judged the stack; `off`: the app turned it off. */
  readonly status: 'passed' | 'failed' | 'disabled' | 'not run' | 'off';
  readonly findings: number;
  /** Findings of this pack on the stack that were acknowledged. */
  readonly acknowledged: number;
  /** The rules it ran (for the whole app; cdk-nag applies its rules to every resource). */
  readonly rules: string[];
  /** Why it was disabled or what its rules are, when the list alone does not say. */
  readonly reason?: string;
}

/** A Config rule of the HIPAA pack (or a custom one) left out by `excludedRules`, with the reason. */
export interface EvidenceConfigExclusion {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

export interface EvidenceStack {
  readonly name: string;
  /** Relative to the cloud assembly directory. */
  readonly templateFile: string;
  readonly packs: EvidencePackResult[];
  readonly findings: EvidenceFinding[];
  readonly acknowledgements: EvidenceAcknowledgement[];
  readonly configExclusions: EvidenceConfigExclusion[];
  readonly resources: EvidenceResource[];
}

/** One cell of the safeguard × stack matrix. */
export interface EvidenceMatrixCell {
  readonly stack: string;
  /** Resources of the stack implementing the safeguard. */
  readonly implemented: number;
  /** Resources of the stack on which a finding testing the safeguard was acknowledged. */
  readonly acknowledged: number;
}

/** The whole report. */
export interface EvidenceReport {
  readonly generatedAt: string;
  readonly assembly: string;
  readonly summary: {
    readonly stacks: number;
    readonly resources: number;
    readonly unsuppressedFindings: number;
    readonly acknowledgements: number;
    /** Acknowledgements by who made them. */
    readonly acknowledgementsByOrigin: Readonly<Record<EvidenceAcknowledgementOrigin, number>>;
    /** Acknowledgements whose reason the gate rejected. */
    readonly rejectedAcknowledgements: number;
    readonly safeguards: Record<string, number>;
    /** Files of the assembly that do not prove the gate judged it: any makes the verdict FAIL. */
    readonly integrityProblems: number;
    readonly verdict: 'PASS' | 'FAIL';
  };
  /** Every file that is missing, corrupt, unexpected or not the one the gate judged, by name. */
  readonly integrity: EvidenceIntegrityProblem[];
  /** Safeguard × stack: how many resources implement each safeguard, and on how many a finding testing it was acknowledged. */
  readonly matrix: Array<{ readonly safeguard: EvidenceSafeguard; readonly stacks: EvidenceMatrixCell[] }>;
  readonly stacks: EvidenceStack[];
  /** Per PHI store of the app, the trails that record its reads and writes (who read PHI, §164.312(b)). */
  readonly dataEvents: EvidenceDataEventRow[];
  /** Number of CloudTrail trails defined in the app (0: PHI stores rely on a trail outside it). */
  readonly trails: number;
  /** Every HIPAA control the library addresses: the checks that test it, the defaults that implement it, the tests that prove them. */
  readonly traceability: TraceabilityRow[];
}

/** aws-cdk-lib's built-in validation, as the validation report names it. */
export const CLOUDFORMATION_VALIDATE = 'CloudFormation Validate';

/** cdk-nag's packs: they judge acknowledgements themselves, so the validation report holds none of theirs. */
const NAG_PLUGINS: readonly string[] = [HipaaCheckPack.HIPAA_SECURITY, HipaaCheckPack.NIST_800_53_R5, HipaaCheckPack.AWS_SOLUTIONS];

/** The validation plugin each pack of applyHipaaChecks registers, by name (the same unless listed). */
const PLUGIN_OF_PACK: Readonly<Record<string, string>> = { [HipaaCheckPack.CONTROL_TOWER]: CONTROL_TOWER_PLUGIN_NAME };
const pluginOf = (pack: string) => PLUGIN_OF_PACK[pack] ?? pack;

/** The plugin an acknowledged id belongs to: its namespace (`Plugin::id`) or, for cdk-nag's bare ids, the pack before the first dash. */
function pluginOfRule(id: string, plugins: readonly string[]): string | undefined {
  const bare = id.replace(/^Annotation::/, '');
  const ns = /^([^:]+)::/.exec(bare)?.[1];
  if (ns) return plugins.find((p) => p === ns || p.replace(/\s+/g, '') === ns.replace(/\s+/g, '')) ?? ns;
  if (bare.startsWith(GAP_RULE_PREFIX)) return GAP_CHECKS_PLUGIN_NAME;
  if (bare.startsWith(CONTROL_TOWER_RULE_PREFIX)) return CONTROL_TOWER_PLUGIN_NAME;
  return plugins.find((p) => bare.startsWith(`${p}-`));
}

interface MetadataEntry { type: string; data: any }
interface StackArtifact { name: string; templateFile: string; metadata: Record<string, MetadataEntry[]>; region?: string }

/**
 * Reads a synthesized cloud assembly, its validation report and the gate's
 * receipt into the evidence report. Throws only when `assemblyDir` is not a
 * readable cloud assembly; every other missing, corrupt or unexpected file is
 * an integrity problem that names the file and makes the verdict FAIL.
 */
export function buildEvidenceReport(assemblyDir: string, now = new Date()): EvidenceReport {
  const files = new AssemblyFiles(assemblyDir);
  const artifacts = stackArtifacts(files, '');
  const validation = files.json(VALIDATION_REPORT_FILE, "aws-cdk-lib's validation report; synthesize the app with applyHipaaChecks (cdk synth)",
    validationReportShape);
  const pluginReports: any[] = validation?.pluginReports ?? [];
  const traceability = buildTraceability();

  const templates = artifacts.map((a) => files.json(a.templateFile, `the template of stack ${a.name}`, templateShape));
  const underCheck: StackUnderCheck[] = artifacts.map((a, i) => ({
    name: a.name, templateFile: a.templateFile, templateRead: templates[i] !== undefined, expectedPacks: expectedPacks(a),
  }));
  const receipt = checkGateRan(files, underCheck, validation !== undefined);
  const shipped = shippedAcknowledgements(artifacts);
  const stacks = artifacts.map((a, i) => buildStack(a, templates[i] ?? {}, pluginReports, receipt, shipped, traceability));
  const dataEvents = dataEventEvidence(artifacts.map((a, i) => ({
    path: a.templateFile, stackName: a.name, template: templates[i] ?? {}, region: a.region, paths: new Map(stacks[i].resources.map((r) => [r.logicalId, r.path])),
  })));

  const safeguards: Record<string, number> = {};
  for (const r of stacks.flatMap((s) => s.resources)) for (const s of r.safeguards) safeguards[s] = (safeguards[s] ?? 0) + 1;
  const unsuppressed = stacks.reduce((n, s) => n + s.findings.length, 0);
  const acks = stacks.flatMap((s) => s.acknowledgements);
  const checked = stacks.every((s) => s.packs.some((p) => p.status === 'passed' || p.status === 'failed'));
  return {
    generatedAt: now.toISOString(),
    assembly: path.resolve(assemblyDir),
    summary: {
      stacks: stacks.length,
      resources: stacks.reduce((n, s) => n + s.resources.length, 0),
      unsuppressedFindings: unsuppressed,
      acknowledgements: acks.length,
      acknowledgementsByOrigin: { shipped: acks.filter((a) => a.origin === 'shipped').length, yours: acks.filter((a) => a.origin === 'yours').length },
      rejectedAcknowledgements: acks.filter((a) => a.problem).length,
      safeguards,
      integrityProblems: files.problems.length,
      verdict: unsuppressed === 0 && checked && files.problems.length === 0 && stacks.length > 0 ? 'PASS' : 'FAIL',
    },
    integrity: files.problems,
    matrix: SAFEGUARD_ORDER.map((safeguard) => ({
      safeguard,
      stacks: stacks.map((s) => ({
        stack: s.name,
        implemented: s.resources.filter((r) => r.safeguards.includes(safeguard)).length,
        acknowledged: s.resources.filter((r) => r.acknowledged.some((a) => a.safeguards.includes(safeguard))).length,
      })),
    })),
    stacks,
    dataEvents: dataEvents.rows,
    trails: dataEvents.trails,
    traceability,
  };
}

/** The stacks of the assembly, nested assemblies (Stages) included; file names relative to the root. */
function stackArtifacts(files: AssemblyFiles, dir: string): StackArtifact[] {
  const manifestFile = path.posix.join(dir, 'manifest.json');
  const manifest = files.json(manifestFile, 'not a cloud assembly', (v) =>
    (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'expected a cloud assembly manifest (an object)'));
  if (!manifest) {
    const problem = files.problems.pop()!;
    const why = problem.problem.startsWith('missing') ? `is missing: ${files.dir} is not a cloud assembly` : problem.problem;
    throw new Error(`${path.join(files.dir, problem.file)} ${why}; run 'cdk synth' first.`);
  }
  const out: StackArtifact[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      out.push(...stackArtifacts(files, path.posix.join(dir, artifact.properties.directoryName)));
    }
    if (artifact?.type !== 'aws:cloudformation:stack') continue;
    const templateFile = path.posix.join(dir, String(artifact.properties?.templateFile ?? `${id}.template.json`));
    const metadata = artifact.metadata ?? (artifact.additionalMetadataFile
      ? files.json(path.posix.join(dir, artifact.additionalMetadataFile), `the metadata of stack ${id}`, () => undefined) : undefined) ?? {};
    out.push({ name: String(artifact.displayName ?? id), templateFile, metadata, region: regionOfEnvironment(artifact.environment) });
  }
  return out;
}

/** The packs applyHipaaChecks registered for the stack, the acknowledgement checks included; undefined when it was not applied. */
function expectedPacks(a: StackArtifact): string[] | undefined {
  const checks = Object.values(a.metadata).flat().find((e) => e.type === CHECKS_METADATA_TYPE)?.data;
  return checks ? [...(checks.enabled ?? []).map(pluginOf), ACK_CHECKS_PLUGIN_NAME] : undefined;
}

/** `path\nid` of every acknowledgement cdk-hipaa's own constructs made. */
function shippedAcknowledgements(artifacts: StackArtifact[]): Set<string> {
  const shipped = new Set<string>();
  for (const a of artifacts) {
    for (const [rawPath, entries] of Object.entries(a.metadata)) {
      for (const e of entries) if (e.type === SHIPPED_ACK_METADATA_TYPE) shipped.add(`${rawPath.replace(/^\//, '')}\n${e.data}`);
    }
  }
  return shipped;
}

const displayRule = (id: string) => id.replace(/^Annotation::/, '').replace(/^[^:]+::(?=HipaaGap-|ControlTower-)/, '');

function buildStack(
  a: StackArtifact, template: any, pluginReports: any[], receipt: GateReceipt | undefined, shipped: Set<string>, traceability: TraceabilityRow[],
): EvidenceStack {
  const pathByLogicalId = new Map<string, string>();
  const configExclusions: EvidenceConfigExclusion[] = [];
  const rejected = new Map<string, string>();
  for (const p of pluginReports.filter((r) => r.pluginName === ACK_CHECKS_PLUGIN_NAME)) {
    for (const v of p.violations) {
      const m = v.ruleMetadata ?? {};
      if (m.acknowledgedAt !== undefined) rejected.set(`${String(m.acknowledgedAt).replace(/^\//, '')}\n${m.acknowledgedId}`, String(v.description ?? ''));
    }
  }
  const acknowledgements: EvidenceAcknowledgement[] = [];
  for (const [rawPath, entries] of Object.entries(a.metadata)) {
    const constructPath = rawPath.replace(/^\//, ''); // the same form as the validation report's paths
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:logicalId') pathByLogicalId.set(entry.data, constructPath);
      if (entry.type === 'aws:cdk:acknowledged-rules') {
        for (const [rule, reason] of Object.entries<string>(entry.data ?? {})) {
          const key = `${constructPath}\n${rule}`;
          const problem = rejected.get(key);
          acknowledgements.push({
            path: constructPath, rule: displayRule(rule), reason: String(reason ?? ''),
            origin: shipped.has(key) ? 'shipped' : 'yours', ...(problem ? { problem } : {}),
          });
        }
      }
      if (entry.type === CONFIG_EXCLUSIONS_METADATA_TYPE) {
        for (const [rule, reason] of Object.entries<string>(entry.data ?? {})) configExclusions.push({ path: constructPath, rule, reason });
      }
    }
  }

  const inStack = (c: any) => c?.cloudFormationResource?.templatePath === a.templateFile
    || c?.cloudFormationResource?.templatePath === path.posix.basename(a.templateFile) && !a.templateFile.includes('/')
    || String(c?.constructPath ?? '') === a.name || String(c?.constructPath ?? '').startsWith(`${a.name}/`);
  const findings: EvidenceFinding[] = [];
  const suppressed: Array<{ plugin: string; v: any; constructs: any[] }> = [];
  for (const plugin of pluginReports) {
    for (const v of plugin.violations) {
      const constructs = (v.violatingConstructs ?? []).filter(inStack);
      if (constructs.length === 0) continue;
      findings.push({
        plugin: plugin.pluginName, rule: String(v.ruleName), severity: v.severity ?? 'error', description: v.description ?? '',
        paths: constructs.map((c: any) => String(c.constructPath ?? '')),
      });
    }
    for (const v of plugin.suppressedViolations ?? []) {
      const constructs = (v.violatingConstructs ?? []).filter(inStack);
      if (constructs.length > 0) suppressed.push({ plugin: plugin.pluginName, v, constructs });
    }
  }

  const safeguardsByRule = safeguardsOfRules(traceability);
  const resources: EvidenceResource[] = Object.entries<any>(template.Resources ?? {}).map(([logicalId, r]) => {
    const resourcePath = String(r?.Metadata?.['aws:cdk:path'] ?? pathByLogicalId.get(logicalId) ?? logicalId).replace(/^\//, '');
    const acknowledged: EvidenceResourceAcknowledgement[] = [];
    // cdk-nag applies acknowledgements itself and reports none: those made on the resource or its own construct.
    const owner = resourcePath.replace(/\/(Resource|Default)$/, '');
    for (const ack of acknowledgements.filter((x) => x.path === resourcePath || x.path === owner)) {
      const plugin = pluginOfRule(ack.rule, NAG_PLUGINS);
      if (plugin && NAG_PLUGINS.includes(plugin)) acknowledged.push({ plugin, rule: ack.rule, reason: ack.reason, origin: ack.origin, safeguards: safeguardsByRule(ack.rule) });
    }
    for (const s of suppressed) {
      const hit = s.constructs.some((c) => c.cloudFormationResource?.logicalId === logicalId || String(c.constructPath ?? '') === resourcePath);
      if (!hit) continue;
      const at = String(s.v.acknowledgedAt ?? '').replace(/^\//, '');
      acknowledged.push({
        plugin: s.plugin, rule: String(s.v.ruleName), reason: String(s.v.reason ?? ''),
        origin: shipped.has(`${at}\n${s.v.acknowledgedId}`) ? 'shipped' : 'yours',
        safeguards: safeguardsByRule(String(s.v.ruleName)),
      });
    }
    return { logicalId, type: String(r?.Type ?? ''), path: resourcePath, safeguards: safeguardsOf(r?.Type, r?.Properties), acknowledged };
  });

  return {
    name: a.name, templateFile: a.templateFile, packs: packResults(a, receipt, findings, acknowledgements), findings, acknowledgements, configExclusions, resources,
  };
}

function packResults(a: StackArtifact, receipt: GateReceipt | undefined, findings: EvidenceFinding[], acks: EvidenceAcknowledgement[]): EvidencePackResult[] {
  const checks = Object.values(a.metadata).flat().find((e) => e.type === CHECKS_METADATA_TYPE)?.data as
    { enabled: string[]; disabled: Record<string, string> } | undefined;
  if (!checks) return [];
  const names = [...checks.enabled.map(pluginOf), ...Object.keys(checks.disabled ?? {}).map(pluginOf), ACK_CHECKS_PLUGIN_NAME, CLOUDFORMATION_VALIDATE];
  const acknowledgedBy = (plugin: string) => acks.filter((x) => pluginOfRule(x.rule, names) === plugin).length;
  const result = (pack: string, ran: boolean, rules: string[], reason?: string): EvidencePackResult => {
    const count = findings.filter((f) => f.plugin === pack).length;
    return {
      pack, status: !ran ? 'not run' : count === 0 ? 'passed' : 'failed', findings: count,
      acknowledged: acknowledgedBy(pack), rules, ...(reason ? { reason } : {}),
    };
  };
  const judged = (pack: string) => receipt?.plugins.find((p) => p.name === pack && p.templates.some((t) => t.template === a.templateFile) && !p.error);
  const results = [...checks.enabled.map(pluginOf), ACK_CHECKS_PLUGIN_NAME].map((pack) => result(pack, !!judged(pack), judged(pack)?.rules ?? []));
  for (const [pack, reason] of Object.entries(checks.disabled ?? {})) results.push({ pack: pluginOf(pack), status: 'disabled', findings: 0, acknowledged: 0, rules: [], reason });
  // aws-cdk-lib's own validation: the receipt says whether the app ran it; its findings are in the validation report.
  const cfnRules = 'the CloudFormation resource schemas and template rules of aws-cdk-lib\'s built-in validator';
  if (receipt?.cloudFormationValidate.enabled || findings.some((f) => f.plugin === CLOUDFORMATION_VALIDATE)) {
    results.push(result(CLOUDFORMATION_VALIDATE, true, [], cfnRules));
  } else {
    results.push({ pack: CLOUDFORMATION_VALIDATE, status: 'off', findings: 0, acknowledged: 0, rules: [], reason: 'turned off in this app (builtinCloudFormationValidation: false or CDK_VALIDATION=false)' });
  }
  // Any other plugin that reported on the stack (aws-cdk-lib's annotations, a plugin the app registered itself).
  for (const plugin of new Set(findings.map((f) => f.plugin))) {
    if (!results.some((r) => r.pack === plugin)) results.push(result(plugin, true, [], 'registered outside applyHipaaChecks; reported in the validation report'));
  }
  return results;
}
