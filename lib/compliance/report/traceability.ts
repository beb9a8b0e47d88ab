import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { HIPAASecurityChecks, IApplyRule } from 'cdk-nag';
import { HIPAA_CUSTOM_RULES } from '../../../constructs/config-rules/custom-rules';
import { HIPAA_MANAGED_RULES } from '../../../constructs/config-rules/hipaa-managed-rules';
import { DISABLED_CONTROL_TOWER_RULES } from '../control-tower-disabled-rules';
import { GAP_RULE_PREFIX } from '../gap-checks';
import { APP_GAP_RULES, GAP_RULES } from '../rules';
import { controlOf, HIPAA_CONTROLS } from './controls';
import { IMPLEMENTED_SAFEGUARDS } from './implemented-by';

/** One check that tests a control: the pack (or service) and its rule id. */
export interface TraceabilityCheck {
  readonly pack: string;
  readonly rule: string;
}

/** One row of the matrix: a HIPAA standard or implementation specification and its proof. */
export interface TraceabilityRow {
  readonly control: string;
  readonly title: string;
  readonly checks: TraceabilityCheck[];
  readonly implementedBy: Array<{ readonly construct: string; readonly safeguard: string }>;
  readonly tests: Array<{ readonly file: string; readonly name: string }>;
  /** Why the row has no automated check or no implementing default, when it has none. */
  readonly note?: string;
}

/** Check packs as the evidence report names them. */
export const TRACE_PACKS = {
  HIPAA: 'HIPAA.Security',
  GAP: 'HipaaGapChecks',
  CONTROL_TOWER: 'ControlTower',
  CONFIG: 'AWS Config',
} as const;

/**
 * Why a §164.312 specification has no automated check (no cdk-nag rule, gate rule, Control
 * Tower control or Config rule can read it): shown in its row so the gap is stated, not hidden.
 */
export const TRACEABILITY_NOTES: Readonly<Record<string, string>> = {
  '164.312(a)(2)(i)': 'No template property or Config rule shows that each user is unique: identities live in IAM Identity Center or the application. The constructs give each person a separate, logged path (IAM database authentication, Session Manager).',
  '164.312(a)(2)(ii)': 'Emergency access is a procedure (break-glass roles, restore runbooks) no check can read. The constructs ensure keys cannot lock the account out and recovery points cannot be deleted.',
  '164.312(a)(2)(iii)': 'Time-outs are the Session Manager idle timeout the baseline sets and the bounded sign-in session of HipaaUserPool behind the load balancer, each asserted by its test; no managed Config rule or cdk-nag rule reads either.',
};

/**
 * The HIPAA Security pack of cdk-nag, rule by rule, with the control ids its own
 * explanation cites ("(Control IDs: 164.312(a)(1), ...)"): read from the installed
 * package by letting the pack apply its rules to one resource, not from a copied table.
 */
export function cdkNagHipaaControls(): Array<{ rule: string; controls: string[] }> {
  const found: Array<{ rule: string; controls: string[] }> = [];
  class Recorder extends HIPAASecurityChecks {
    protected override applyRule(params: IApplyRule): void {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      const controls = [...params.info.matchAll(/164\.3\d\d(?:\([A-Za-z0-9]+\))+/g)].map((m) => m[0]);
      found.push({ rule: `${this.readPackName}-${suffix}`, controls: [...new Set(controls)] });
    }
  }
  const probe = new Stack();
  new CfnResource(probe, 'Probe', { type: 'AWS::S3::Bucket' });
  new Recorder().validateScope(probe);
  return found;
}

/**
 * Control Tower proactive controls whose metadata names an AWS Config rule of the HIPAA
 * pack: they test at synth what that rule tests in the account, so they inherit its
 * citation. Disabled controls are left out.
 */
export function controlTowerControls(): Array<{ rule: string; configRule: string }> {
  const root = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  const base = path.join(root, 'rules', 'control-tower', 'metadata');
  const out: Array<{ rule: string; configRule: string }> = [];
  if (!fs.existsSync(base)) return out;
  for (const service of fs.readdirSync(base)) {
    for (const file of fs.readdirSync(path.join(base, service))) {
      const meta = JSON.parse(fs.readFileSync(path.join(base, service, file), 'utf8'));
      if (typeof meta.Id !== 'string' || typeof meta.ConfigRuleIdentifier !== 'string') continue;
      if (DISABLED_CONTROL_TOWER_RULES[meta.Id] !== undefined) continue;
      out.push({ rule: meta.Id, configRule: meta.ConfigRuleIdentifier });
    }
  }
  return out.sort((a, b) => a.rule.localeCompare(b.rule));
}

/**
 * The traceability matrix: for every §164.312 standard and specification, and every
 * §164.308 one that something addresses, the checks that test it (cdk-nag HIPAA rules by
 * their own citations, HipaaGap rules, Control Tower controls through their Config rule,
 * the Config rules), the construct defaults that implement it and the tests that prove them.
 */
export function buildTraceability(): TraceabilityRow[] {
  const checks = new Map<string, TraceabilityCheck[]>();
  const add = (control: string, check: TraceabilityCheck) => {
    const list = checks.get(control) ?? [];
    if (!list.some((c) => c.pack === check.pack && c.rule === check.rule)) list.push(check);
    checks.set(control, list);
  };
  for (const { rule, controls } of cdkNagHipaaControls()) for (const c of controls) add(c, { pack: TRACE_PACKS.HIPAA, rule });
  for (const rule of [...GAP_RULES, ...APP_GAP_RULES]) add(controlOf(rule.safeguard), { pack: TRACE_PACKS.GAP, rule: `${GAP_RULE_PREFIX}${rule.id}` });
  const managedControl = new Map(HIPAA_MANAGED_RULES.map((r) => [r.identifier, controlOf(r.safeguard)]));
  for (const { rule, configRule } of controlTowerControls()) {
    const control = managedControl.get(configRule);
    if (control) add(control, { pack: TRACE_PACKS.CONTROL_TOWER, rule });
  }
  for (const rule of HIPAA_MANAGED_RULES) add(controlOf(rule.safeguard), { pack: TRACE_PACKS.CONFIG, rule: rule.identifier });
  for (const rule of HIPAA_CUSTOM_RULES) add(controlOf(rule.safeguard), { pack: TRACE_PACKS.CONFIG, rule: `custom: ${rule.name}` });

  const rows: TraceabilityRow[] = [];
  for (const { control, title } of HIPAA_CONTROLS) {
    const implementing = IMPLEMENTED_SAFEGUARDS.filter((s) => s.controls.includes(control));
    const rowChecks = checks.get(control) ?? [];
    const technical = control.startsWith('164.312');
    if (!technical && implementing.length === 0 && rowChecks.length === 0) continue; // a §164.308 spec nothing here addresses
    const tests = implementing.flatMap((s) => s.tests).filter((test, i, all) => all.findIndex((o) => o.file === test.file && o.name === test.name) === i);
    rows.push({
      control, title,
      checks: rowChecks.sort((a, b) => a.pack.localeCompare(b.pack) || a.rule.localeCompare(b.rule)),
      implementedBy: implementing.map(({ construct, safeguard }) => ({ construct, safeguard })),
      tests,
      ...(TRACEABILITY_NOTES[control] ? { note: TRACEABILITY_NOTES[control] } : {}),
    });
  }
  return rows;
}
