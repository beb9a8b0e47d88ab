import * as fs from 'fs';
import * as path from 'path';
import {
  IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation,
} from 'aws-cdk-lib';
import { DISABLED_CONTROL_TOWER_RULES } from './control-tower-disabled-rules';
import { evaluateGuard, guardCategory } from './guard-engine';

import { CONTROL_TOWER_PLUGIN_NAME, CONTROL_TOWER_RULE_PREFIX } from './ids';

export { CONTROL_TOWER_PLUGIN_NAME, CONTROL_TOWER_RULE_PREFIX };

const PACKAGE = '@cdklabs/cdk-validator-cfnguard';

/** One Control Tower proactive control as shipped in the package. */
export interface ControlTowerControl {
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
 * The AWS Control Tower proactive controls (the CloudFormation Guard rules that
 * @cdklabs/cdk-validator-cfnguard ships) as a policy-validation plugin, evaluated
 * in-process by the Guard evaluator of `@aws/cloudformation-validate` (the
 * WebAssembly engine aws-cdk-lib already loads), not by a native `cfn-guard`
 * binary: it runs on every platform Node.js runs on. One engine per synth holds
 * only the controls whose resource types the app's templates contain.
 */
export class ControlTowerGuardChecks implements IPolicyValidationPlugin {
  public readonly name = CONTROL_TOWER_PLUGIN_NAME;
  public readonly version: string;
  public readonly ruleIds: string[];
  private readonly controls: ControlTowerControl[];

  constructor(props: ControlTowerGuardChecksProps = {}) {
    const root = path.dirname(require.resolve(`${PACKAGE}/package.json`));
    this.version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const disabled = props.disabledRules ?? DISABLED_CONTROL_TOWER_RULES;
    this.controls = loadControls(root).filter((c) => disabled[c.id] === undefined);
    this.ruleIds = this.controls.map((c) => CONTROL_TOWER_RULE_PREFIX + c.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const found = new Map<ControlTowerControl, PolicyViolatingResource[]>();
    for (const { control, templatePath, logicalIds } of evaluateControlTower(context.templatePaths, this.controls)) {
      const list = found.get(control) ?? [];
      for (const id of logicalIds) list.push({ resourceLogicalId: id, templatePath, locations: [`Resources/${id}`] });
      found.set(control, list);
    }
    const violations: PolicyViolation[] = [...found].map(([c, resources]) => ({
      ruleName: CONTROL_TOWER_RULE_PREFIX + c.id,
      description: `${c.description} [AWS Control Tower ${c.id}, severity ${c.severity}]`,
      fix: `${c.fix}. To accept it instead: suppress(construct, '${CONTROL_TOWER_RULE_PREFIX}${c.id}', '<why, 30+ characters>').`,
      severity: 'error',
      violatingResources: resources,
    }));
    return { success: violations.length === 0, violations };
  }
}

/** One control that failed on one template, with the logical ids of the failing resources. */
export interface ControlTowerFinding {
  readonly control: ControlTowerControl;
  readonly templatePath: string;
  readonly logicalIds: ReadonlySet<string>;
}

/**
 * Evaluates the controls on the templates in-process. The rule set is the
 * controls whose resource types occur in any of the templates (one engine for
 * the whole synth); a control whose resources a template lacks skips there.
 */
export function evaluateControlTower(templatePaths: readonly string[], controls: readonly ControlTowerControl[] = loadControlTowerControls()): ControlTowerFinding[] {
  const templates = templatePaths.map((templatePath) => ({ templatePath, text: fs.readFileSync(templatePath, 'utf8') }));
  const types = new Set<string>();
  for (const t of templates) {
    for (const r of Object.values<any>(JSON.parse(t.text).Resources ?? {})) types.add(r?.Type);
  }
  const selected = controls.filter((c) => c.types.some((t) => types.has(t)));
  const byCategory = new Map(selected.map((c) => [guardCategory(c.id), c]));
  const rules = selected.map((c) => ({ name: c.id, content: guardText(c.guardFile) }));
  const findings: ControlTowerFinding[] = [];
  for (const { templatePath, text } of templates) {
    const failed = new Map<ControlTowerControl, Set<string>>();
    for (const d of evaluateGuard(rules, text, templatePath)) {
      const control = d.category ? byCategory.get(d.category) : undefined;
      if (!control) continue;
      const ids = failed.get(control) ?? new Set<string>();
      if (d.entity?.entityType === 'Resource' && d.entity.logicalId) ids.add(d.entity.logicalId);
      failed.set(control, ids);
    }
    for (const [control, logicalIds] of failed) findings.push({ control, templatePath, logicalIds });
  }
  return findings;
}

/** Every Control Tower control the package ships that has a Guard rule. */
export function loadControlTowerControls(): ControlTowerControl[] {
  return loadControls(path.dirname(require.resolve(`${PACKAGE}/package.json`)));
}

const guardTexts = new Map<string, string>();
function guardText(file: string): string {
  let text = guardTexts.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    guardTexts.set(file, text);
  }
  return text;
}

function loadControls(root: string): ControlTowerControl[] {
  const base = path.join(root, 'rules', 'control-tower');
  const controls: ControlTowerControl[] = [];
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
