import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ControlTowerControl, evaluateControlTower, loadControlTowerControls } from '../../lib/compliance/control-tower-guard';

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
