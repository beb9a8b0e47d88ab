import * as fs from 'fs';
import * as path from 'path';
import { CHECKS_METADATA_TYPE } from '../apply-hipaa-checks';
import { CONFIG_EXCLUSIONS_METADATA_TYPE } from '../../../constructs/config-rules/hipaa-managed-rules';
import { EvidenceSafeguard, safeguardsOf } from './safeguards';
import { buildTraceability, TraceabilityRow } from './traceability';

/** One resource and the safeguards it implements. */
export interface EvidenceResource {
  readonly logicalId: string;
  readonly type: string;
  readonly path: string;
  readonly safeguards: EvidenceSafeguard[];
}

/** An acknowledged (suppressed) finding, with its reason. */
export interface EvidenceAcknowledgement {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/** An unacknowledged finding. */
export interface EvidenceFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly paths: string[];
}

/** A check pack and what it concluded for the stack. */
export interface EvidencePackResult {
  readonly pack: string;
  readonly status: 'passed' | 'failed' | 'disabled';
  readonly findings: number;
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
  readonly packs: EvidencePackResult[];
  readonly findings: EvidenceFinding[];
  readonly acknowledgements: EvidenceAcknowledgement[];
  readonly configExclusions: EvidenceConfigExclusion[];
  readonly resources: EvidenceResource[];
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
    readonly safeguards: Record<string, number>;
    readonly verdict: 'PASS' | 'FAIL';
  };
  readonly stacks: EvidenceStack[];
  /** Every HIPAA control the library addresses: the checks that test it, the defaults that implement it, the tests that prove them. */
  readonly traceability: TraceabilityRow[];
}


interface MetadataEntry { type: string; data: any }

/** Reads a synthesized cloud assembly (and its validation report) into the evidence report. */
export function buildEvidenceReport(assemblyDir: string, now = new Date()): EvidenceReport {
  const manifestPath = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${assemblyDir} is not a cloud assembly (no manifest.json); run 'cdk synth' first.`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const validation = readJson(path.join(assemblyDir, 'validation-report.json'));
  const stacks: EvidenceStack[] = [];

  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const template = readJson(path.join(assemblyDir, artifact.properties.templateFile)) ?? {};
    const metadata: Record<string, MetadataEntry[]> = artifact.metadata
      ?? (artifact.additionalMetadataFile ? readJson(path.join(assemblyDir, artifact.additionalMetadataFile)) : undefined) ?? {};
    const pathByLogicalId = new Map<string, string>();
    const acknowledgements: EvidenceAcknowledgement[] = [];
    const configExclusions: EvidenceConfigExclusion[] = [];
    let checks: { enabled: string[]; disabled: Record<string, string> } | undefined;
    for (const [rawPath, entries] of Object.entries(metadata)) {
      const constructPath = rawPath.replace(/^\//, ''); // the same form as the validation report's paths
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:logicalId') pathByLogicalId.set(entry.data, constructPath);
        if (entry.type === 'aws:cdk:acknowledged-rules') {
          for (const [rule, reason] of Object.entries<string>(entry.data)) {
            acknowledgements.push({ path: constructPath, rule: rule.replace(/^Annotation::/, ''), reason });
          }
        }
        if (entry.type === CHECKS_METADATA_TYPE) checks = entry.data;
        if (entry.type === CONFIG_EXCLUSIONS_METADATA_TYPE) {
          for (const [rule, reason] of Object.entries<string>(entry.data)) configExclusions.push({ path: constructPath, rule, reason });
        }
      }
    }
    const resources = Object.entries<any>(template.Resources ?? {}).map(([logicalId, r]) => ({
      logicalId,
      type: r.Type,
      path: String(r.Metadata?.['aws:cdk:path'] ?? pathByLogicalId.get(logicalId) ?? logicalId).replace(/^\//, ''),
      safeguards: safeguardsOf(r.Type, r.Properties),
    }));
    const findings = findingsFor(validation, artifact.properties.templateFile, name);
    stacks.push({ name, packs: packResults(checks, findings), findings, acknowledgements, configExclusions, resources });
  }

  const safeguards: Record<string, number> = {};
  for (const r of stacks.flatMap((s) => s.resources)) for (const s of r.safeguards) safeguards[s] = (safeguards[s] ?? 0) + 1;
  const unsuppressed = stacks.reduce((n, s) => n + s.findings.length, 0);
  return {
    generatedAt: now.toISOString(),
    assembly: path.resolve(assemblyDir),
    summary: {
      stacks: stacks.length,
      resources: stacks.reduce((n, s) => n + s.resources.length, 0),
      unsuppressedFindings: unsuppressed,
      acknowledgements: stacks.reduce((n, s) => n + s.acknowledgements.length, 0),
      safeguards,
      verdict: unsuppressed === 0 && stacks.every((s) => s.packs.length > 0) ? 'PASS' : 'FAIL',
    },
    stacks,
    traceability: buildTraceability(),
  };
}

function readJson(file: string): any {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

function findingsFor(validation: any, templateFile: string, stackName: string): EvidenceFinding[] {
  const out: EvidenceFinding[] = [];
  for (const plugin of validation?.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      const inStack = (v.violatingResources ?? []).some((r: any) => path.basename(r.templatePath ?? '') === templateFile)
        || (v.violatingConstructs ?? []).some((c: any) => String(c.constructPath ?? '').startsWith(`${stackName}/`));
      if (!inStack) continue;
      out.push({
        plugin: plugin.pluginName,
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        description: v.description ?? '',
        paths: (v.violatingConstructs ?? []).map((c: any) => c.constructPath).filter((p: string) => p.startsWith(`${stackName}/`)),
      });
    }
  }
  return out;
}

function packResults(checks: { enabled: string[]; disabled: Record<string, string> } | undefined, findings: EvidenceFinding[]): EvidencePackResult[] {
  if (!checks) return [];
  const count = (pack: string) => findings.filter((f) => f.plugin === pack || f.rule.startsWith(`${pack}-`)).length;
  const results: EvidencePackResult[] = checks.enabled.map((pack) => ({ pack, status: count(pack) === 0 ? 'passed' : 'failed', findings: count(pack) }));
  for (const [pack, reason] of Object.entries(checks.disabled ?? {})) results.push({ pack, status: 'disabled', findings: 0, reason });
  // aws-cdk-lib's own validation leaves no trace when it passes (or is off), so it is listed only when it failed.
  const cfnValidate = findings.filter((f) => f.plugin.startsWith('CloudFormation'));
  if (cfnValidate.length > 0) results.push({ pack: 'CloudFormation Validate', status: 'failed', findings: cfnValidate.length });
  return results;
}
