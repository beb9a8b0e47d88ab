import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation,
} from 'aws-cdk-lib';
import { DISABLED_CONTROL_TOWER_RULES } from './control-tower-disabled-rules';

/** Plugin name; also the namespace of its rule ids in acknowledgements. */
export const CONTROL_TOWER_PLUGIN_NAME = 'ControlTowerGuardChecks';
/** Prefix of its rule ids, e.g. `ControlTower-CT.S3.PR.10`. */
export const CONTROL_TOWER_RULE_PREFIX = 'ControlTower-';

const PACKAGE = '@cdklabs/cdk-validator-cfnguard';

/** One Control Tower proactive control as shipped in the package. */
interface Control {
  readonly id: string;
  readonly guardFile: string;
  readonly types: readonly string[];
  readonly description: string;
  readonly fix: string;
  readonly severity: string;
}

/** Options of {@link ControlTowerGuardChecks}. */
export interface ControlTowerGuardChecksProps {
  /**
   * Controls left out, by id (e.g. `CT.S3.PR.1`), each with the reason.
   * @default DISABLED_CONTROL_TOWER_RULES
   */
  readonly disabledRules?: Readonly<Record<string, string>>;
}

/**
 * The AWS Control Tower proactive controls (CloudFormation Guard rules, run by
 * the cfn-guard binary that @cdklabs/cdk-validator-cfnguard ships) as a
 * policy-validation plugin. Written here because that package's own plugin
 * fails on some cfn-guard results (its issue #178) and spawns one process per
 * rule: this one runs cfn-guard once per template with only the controls whose
 * resource types the template contains, and reads the structured output.
 */
export class ControlTowerGuardChecks implements IPolicyValidationPlugin {
  public readonly name = CONTROL_TOWER_PLUGIN_NAME;
  public readonly version: string;
  public readonly ruleIds: string[];
  private readonly controls: Control[];
  private readonly binary: string;

  constructor(props: ControlTowerGuardChecksProps = {}) {
    const root = path.dirname(require.resolve(`${PACKAGE}/package.json`));
    this.version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    this.binary = guardBinary(root);
    const disabled = props.disabledRules ?? DISABLED_CONTROL_TOWER_RULES;
    this.controls = loadControls(root).filter((c) => disabled[c.id] === undefined);
    this.ruleIds = this.controls.map((c) => CONTROL_TOWER_RULE_PREFIX + c.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const found = new Map<Control, PolicyViolatingResource[]>();
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
      const types = new Set(Object.values<any>(template.Resources ?? {}).map((r) => r.Type));
      const controls = this.controls.filter((c) => c.types.some((t) => types.has(t)));
      if (controls.length === 0) continue;
      for (const [control, logicalIds] of this.run(templatePath, controls)) {
        const list = found.get(control) ?? [];
        for (const id of logicalIds) list.push({ resourceLogicalId: id, templatePath, locations: [`Resources/${id}`] });
        found.set(control, list);
      }
    }
    const violations: PolicyViolation[] = [...found].map(([c, resources]) => ({
      ruleName: CONTROL_TOWER_RULE_PREFIX + c.id,
      description: `${c.description} [AWS Control Tower ${c.id}, severity ${c.severity}]`,
      fix: c.fix,
      severity: 'error',
      violatingResources: resources,
    }));
    return { success: violations.length === 0, violations };
  }

  /** Runs cfn-guard once over one template; returns the failing controls and the logical ids they name. */
  private run(templatePath: string, controls: Control[]): Map<Control, Set<string>> {
    const args = ['validate', '--data', templatePath, '--structured', '--output-format', 'json', '--show-summary', 'none'];
    for (const c of controls) args.push('--rules', c.guardFile);
    const result = spawnSync(this.binary, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    // cfn-guard exits 19 when a rule fails, 0 when all pass; anything else is an error of its own.
    if (result.error || ![0, 19].includes(result.status ?? -1)) {
      throw new Error(`cfn-guard failed on ${templatePath} (exit ${result.status}): ${result.error?.message ?? result.stderr.slice(0, 2000)}`);
    }
    const byRuleName = new Map<string, Control>();
    for (const c of controls) {
      for (const name of ruleNamesIn(c.guardFile)) byRuleName.set(name, c);
    }
    const out = new Map<Control, Set<string>>();
    for (const file of JSON.parse(result.stdout || '[]')) {
      for (const entry of file.not_compliant ?? []) {
        const control = byRuleName.get(entry.Rule?.name);
        if (!control) continue;
        const ids = out.get(control) ?? new Set<string>();
        for (const id of logicalIdsIn(entry)) ids.add(id);
        out.set(control, ids);
      }
    }
    return out;
  }
}

function guardBinary(root: string): string {
  const os = { linux: 'ubuntu', darwin: 'macos' }[process.platform as string];
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch as string];
  const binary = os && arch ? path.join(root, 'bin', os, arch, 'cfn-guard') : undefined;
  if (!binary || !fs.existsSync(binary)) {
    throw new Error(`ControlTowerGuardChecks: ${PACKAGE} ships no cfn-guard binary for ${process.platform}/${process.arch}; ` +
      "disable the pack with applyHipaaChecks(app, { disabledPacks: { ControlTowerGuard: '<reason>' } }).");
  }
  return binary;
}

function loadControls(root: string): Control[] {
  const base = path.join(root, 'rules', 'control-tower');
  const controls: Control[] = [];
  for (const service of fs.readdirSync(path.join(base, 'metadata'))) {
    for (const file of fs.readdirSync(path.join(base, 'metadata', service))) {
      const meta = JSON.parse(fs.readFileSync(path.join(base, 'metadata', service, file), 'utf8'));
      const guardFile = path.join(base, 'cfn-guard', service, file.replace('.metadata.json', '.guard'));
      if (!fs.existsSync(guardFile)) continue;
      controls.push({
        id: meta.Id,
        guardFile,
        types: meta.EvaluatedResourceTypes ?? [],
        description: `${meta.DisplayName ?? meta.Id}. ${meta.Description ?? ''}`.trim(),
        fix: meta.RemediationMessage ?? 'See the AWS Control Tower control reference.',
        severity: meta.Severity ?? 'MEDIUM',
      });
    }
  }
  return controls;
}

const ruleNameCache = new Map<string, string[]>();
/** The named rules a guard file defines (`rule name when ...`). */
function ruleNamesIn(file: string): string[] {
  let names = ruleNameCache.get(file);
  if (!names) {
    names = [...fs.readFileSync(file, 'utf8').matchAll(/^rule\s+([A-Za-z0-9_]+)/gm)].map((m) => m[1]);
    ruleNameCache.set(file, names);
  }
  return names;
}

/** Every `/Resources/<id>` path in a cfn-guard result entry. */
function logicalIdsIn(entry: unknown): Set<string> {
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const m = value.match(/^\/Resources\/([^/]+)/);
      if (m) ids.add(m[1]);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(entry);
  return ids;
}
