import * as fs from 'fs';
import * as path from 'path';
import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  PolicyViolatingResource,
} from 'aws-cdk-lib';
import { APP_GAP_RULES, AppGapRule, AppTemplate, GAP_RULES, GapRule, regionOfEnvironment, RuleVerdict } from './rules';
import { CfnTemplate } from './rules/template';

import { GAP_CHECKS_PLUGIN_NAME, GAP_RULE_PREFIX } from './ids';

export { GAP_CHECKS_PLUGIN_NAME, GAP_RULE_PREFIX };

/** Options of the {@link HipaaGapChecks} pack. */
export interface HipaaGapChecksProps {
  /**
   * The rules to run.
   * @default - every rule in {@link GAP_RULES}
   */
  readonly rules?: readonly GapRule[];
  /**
   * The rules judged across every template of the app.
   * @default - every rule in {@link APP_GAP_RULES}
   */
  readonly appRules?: readonly AppGapRule[];
}

/**
 * Our own policy-validation pack for what the cdk-nag packs miss. Unlike
 * cdk-nag v3 (which judges construct properties) it reads the synthesized
 * template files, so an escape-hatch override that strips a safeguard is
 * reported. Register it with `applyHipaaChecks`.
 */
export class HipaaGapChecks implements IPolicyValidationPlugin {
  public readonly name = GAP_CHECKS_PLUGIN_NAME;
  public readonly version = '1.0.0';
  public readonly ruleIds: string[];
  private readonly rules: readonly GapRule[];
  private readonly appRules: readonly AppGapRule[];

  constructor(props: HipaaGapChecksProps = {}) {
    this.rules = props.rules ?? GAP_RULES;
    this.appRules = props.appRules ?? APP_GAP_RULES;
    this.ruleIds = [...this.rules, ...this.appRules].map((r) => GAP_RULE_PREFIX + r.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations = new Map<GapRule | AppGapRule, PolicyViolatingResource[]>();
    const add = (rule: GapRule | AppGapRule, templatePath: string, logicalId: string) => {
      const list = violations.get(rule) ?? [];
      list.push({ resourceLogicalId: logicalId, templatePath, locations: ['Properties'] });
      violations.set(rule, list);
    };
    const templates: AppTemplate[] = context.templatePaths.map((templatePath) => ({
      path: templatePath, template: JSON.parse(fs.readFileSync(templatePath, 'utf8')) as CfnTemplate, region: stackRegion(templatePath),
    }));
    for (const { path, template } of templates) {
      for (const finding of evaluateTemplate(template, this.rules)) add(finding.rule, path, finding.logicalId);
    }
    for (const rule of this.appRules) {
      for (const finding of rule.evaluateApp(templates)) add(rule, finding.templatePath, finding.logicalId);
    }
    const report: PolicyViolation[] = [...violations].map(([rule, resources]) => ({
      ruleName: GAP_RULE_PREFIX + rule.id,
      description: `${rule.description} [HIPAA ${rule.safeguard}]`,
      fix: rule.fix,
      severity: 'error',
      violatingResources: resources,
    }));
    return { success: report.length === 0, violations: report };
  }
}

/** One non-compliant resource found by {@link evaluateTemplate}. */
export interface GapFinding {
  readonly rule: GapRule;
  readonly logicalId: string;
}

/** Runs the rules over one template and returns every non-compliant resource. */
export function evaluateTemplate(template: CfnTemplate, rules: readonly GapRule[] = GAP_RULES): GapFinding[] {
  const findings: GapFinding[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    for (const rule of rules) {
      if (!rule.resourceTypes.includes(resource.Type)) continue;
      if (rule.evaluate({ logicalId, resource, template }) === RuleVerdict.NON_COMPLIANT) {
        findings.push({ rule, logicalId });
      }
    }
  }
  return findings;
}

/**
 * The region of the stack whose template is `templatePath`, from the cloud assembly manifest next to it
 * (aws-cdk-lib writes the manifest before it runs validation plugins); undefined when the stack is
 * environment-agnostic or the manifest does not say.
 */
function stackRegion(templatePath: string): string | undefined {
  const manifestFile = path.join(path.dirname(templatePath), 'manifest.json');
  if (!fs.existsSync(manifestFile)) return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const artifact = Object.entries<any>(manifest.artifacts ?? {}).find(([id, a]) => a?.type === 'aws:cloudformation:stack' &&
      (a.properties?.templateFile ?? `${id}.template.json`) === path.basename(templatePath))?.[1];
    return regionOfEnvironment(artifact?.environment);
  } catch {
    return undefined;
  }
}
