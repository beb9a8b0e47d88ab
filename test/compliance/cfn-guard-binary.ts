import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CONTROL_TOWER_PLUGIN_NAME, CONTROL_TOWER_RULE_PREFIX, ControlTowerControl, evaluateControlTower, loadControlTowerControls,
} from '../../lib/compliance/control-tower-guard';
import { DISABLED_CONTROL_TOWER_RULES } from '../../lib/compliance/control-tower-disabled-rules';

/**
 * Test-only: the `cfn-guard` binary that @cdklabs/cdk-validator-cfnguard ships,
 * run the way the gate ran it before it moved in-process (once per template,
 * with the controls whose resource types that template holds, structured JSON
 * output). The product no longer runs it; the equivalence tests compare the two.
 */
export function cfnGuardBinary(): string | undefined {
  const root = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  const os = ({ linux: 'ubuntu', darwin: 'macos' } as Record<string, string>)[process.platform];
  const arch = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[process.arch];
  const binary = os && arch ? path.join(root, 'bin', os, arch, 'cfn-guard') : undefined;
  if (!binary || !fs.existsSync(binary)) return undefined;
  return spawnSync(binary, ['--version']).status === 0 ? binary : undefined;
}

/** `<template file> <control id> <logical id>` for every failing resource, sorted: comparable across both paths. */
export type FindingKeys = string[];

export function findingsByBinary(binary: string, templatePaths: readonly string[], controls = loadControlTowerControls()): FindingKeys {
  const keys = new Set<string>();
  for (const templatePath of templatePaths) {
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
    const types = new Set(Object.values<any>(template.Resources ?? {}).map((r) => r.Type));
    const selected = controls.filter((c) => c.types.some((t) => types.has(t)));
    if (selected.length === 0) continue;
    const args = ['validate', '--data', templatePath, '--structured', '--output-format', 'json', '--show-summary', 'none'];
    for (const c of selected) args.push('--rules', c.guardFile);
    const result = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (result.error || ![0, 19].includes(result.status ?? -1)) throw new Error(`cfn-guard failed on ${templatePath}: ${result.stderr}`);
    const byRuleName = new Map<string, ControlTowerControl>();
    for (const c of selected) {
      for (const m of fs.readFileSync(c.guardFile, 'utf8').matchAll(/^rule\s+([A-Za-z0-9_]+)/gm)) byRuleName.set(m[1], c);
    }
    for (const file of JSON.parse(result.stdout || '[]')) {
      for (const entry of file.not_compliant ?? []) {
        const control = byRuleName.get(entry.Rule?.name);
        if (!control) continue;
        const ids = logicalIdsIn(entry);
        if (ids.size === 0) keys.add(`${path.basename(templatePath)} ${control.id} -`);
        for (const id of ids) keys.add(`${path.basename(templatePath)} ${control.id} ${id}`);
      }
    }
  }
  return [...keys].sort();
}

export function findingsInProcess(templatePaths: readonly string[], controls = loadControlTowerControls()): FindingKeys {
  const keys = new Set<string>();
  for (const f of evaluateControlTower(templatePaths, controls)) {
    if (f.logicalIds.size === 0) keys.add(`${path.basename(f.templatePath)} ${f.control.id} -`);
    for (const id of f.logicalIds) keys.add(`${path.basename(f.templatePath)} ${f.control.id} ${id}`);
  }
  return [...keys].sort();
}

/**
 * Every control, before acknowledgements, on the templates of a gated synth, without evaluating the
 * gate's controls a second time (on the reference app one in-process evaluation costs ~10 s of CPU):
 * what the gate's in-process Control Tower plugin reported in that synth (validation-report.json,
 * unacknowledged and acknowledged findings alike), plus the controls the gate leaves out
 * (DISABLED_CONTROL_TOWER_RULES) evaluated in-process. Keyed as {@link findingsInProcess} keys them.
 */
export function findingsOfGate(assemblyDir: string, templatePaths: readonly string[], controls = loadControlTowerControls()): FindingKeys {
  const report = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8'));
  const plugin = (report.pluginReports ?? []).find((p: any) => p.pluginName === CONTROL_TOWER_PLUGIN_NAME);
  if (!plugin) throw new Error(`${assemblyDir}/validation-report.json has no ${CONTROL_TOWER_PLUGIN_NAME} report: was the gate registered?`);
  const keys = new Set<string>();
  for (const v of [...(plugin.violations ?? []), ...(plugin.suppressedViolations ?? [])]) {
    const control = String(v.ruleName).slice(CONTROL_TOWER_RULE_PREFIX.length);
    const resources = (v.violatingConstructs ?? []).map((c: any) => c.cloudFormationResource);
    // A finding without a resource cannot be placed in a template here: fail rather than compare less.
    if (resources.length === 0 || resources.some((r: any) => !r?.templatePath || !r?.logicalId)) {
      throw new Error(`${v.ruleName}: a Control Tower finding without its template and logical id: ${JSON.stringify(v.violatingConstructs)}`);
    }
    for (const r of resources) keys.add(`${path.basename(r.templatePath)} ${control} ${r.logicalId}`);
  }
  const disabled = controls.filter((c) => DISABLED_CONTROL_TOWER_RULES[c.id] !== undefined);
  if (disabled.length > 0) for (const key of findingsInProcess(templatePaths, disabled)) keys.add(key);
  return [...keys].sort();
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
