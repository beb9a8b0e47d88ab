import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { recordedAcknowledgements } from './acknowledgement-checks';
import { SHIPPED_ACK_METADATA_TYPE } from './suppress';

/** What one gated synth found, in numbers (printed after synth, see {@link formatGateSummary}). */
export interface GateSummary {
  readonly stacks: number;
  /** Each plugin that reported, with the number of rules it ran when known. */
  readonly packs: ReadonlyArray<{ readonly name: string; readonly rules?: number; readonly findings: number }>;
  readonly unsuppressedFindings: number;
  /** Acknowledgements in the app: made by cdk-hipaa's constructs, and made by the app itself. */
  readonly acknowledgements: { readonly shipped: number; readonly yours: number };
  /** Where the evidence report was written (the HTML page), if it was. */
  readonly evidenceReport?: string;
  /** Plugins that would judge the app but did not run, each with why. */
  readonly notRun?: readonly string[];
}

/** Reads the validation report aws-cdk-lib wrote and counts what the gate did. */
export function summarizeGate(
  assemblyDir: string, root: IConstruct, registered: readonly string[], ruleCounts: ReadonlyMap<string, number>, evidenceReport?: string,
): GateSummary {
  const reportPath = path.join(assemblyDir, 'validation-report.json');
  const report = fs.existsSync(reportPath) ? JSON.parse(fs.readFileSync(reportPath, 'utf8')) : { pluginReports: [] };
  // The report lists only plugins that found something; every registered plugin ran.
  const reported = new Map<string, any>((report.pluginReports ?? []).map((p: any) => [String(p.pluginName), p]));
  const names = [...new Set([...registered, ...reported.keys()])];
  const packs = names.map((name) => ({
    name,
    rules: ruleCounts.get(name),
    findings: (reported.get(name)?.violations ?? []).reduce((n: number, v: any) => n + Math.max(1, (v.violatingConstructs ?? []).length), 0),
  }));
  const shipped = new Set<string>();
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) if (m.type === SHIPPED_ACK_METADATA_TYPE) shipped.add(`${c.node.path}\n${m.data}`);
  }
  let ownCount = 0;
  let shippedCount = 0;
  for (const ack of recordedAcknowledgements(root)) {
    if (shipped.has(`${ack.path}\n${ack.id}`)) shippedCount++; else ownCount++;
  }
  const stacks = root.node.findAll().filter((c) => Stack.isStack(c)).length;
  return {
    stacks,
    packs,
    unsuppressedFindings: packs.reduce((n: number, p: { findings: number }) => n + p.findings, 0),
    acknowledgements: { shipped: shippedCount, yours: ownCount },
    evidenceReport,
  };
}

/** The block printed after a gated synth: one look tells whether the app passed and where the evidence is. */
export function formatGateSummary(s: GateSummary): string {
  const verdict = s.unsuppressedFindings === 0 ? 'PASS' : `FAIL: ${s.unsuppressedFindings} unsuppressed finding${s.unsuppressedFindings === 1 ? '' : 's'}`;
  const packs = s.packs.map((p) => `${p.name}${p.rules !== undefined ? ` (${p.rules} rule${p.rules === 1 ? '' : 's'})` : ''}${p.findings ? `: ${p.findings} finding${p.findings === 1 ? '' : 's'}` : ''}`);
  const lines = [
    `cdk-hipaa gate: ${verdict} (${s.stacks} stack${s.stacks === 1 ? '' : 's'})`,
    `  packs run: ${packs.join(', ')}${s.notRun?.length ? `; not run: ${s.notRun.join(', ')}` : ''}`,
    `  unsuppressed findings: ${s.unsuppressedFindings}`,
    `  acknowledgements: ${s.acknowledgements.yours} yours, ${s.acknowledgements.shipped} shipped with cdk-hipaa (each with its reason in the evidence report)`,
    `  evidence report: ${s.evidenceReport ?? 'not written'}`,
  ];
  return lines.join('\n');
}
