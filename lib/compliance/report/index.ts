import * as fs from 'fs';
import * as path from 'path';
import { EVIDENCE_REPORT_DIR } from '../apply-hipaa-checks';
import { buildEvidenceReport, EvidenceReport } from './build';
import { renderHtml, renderMarkdown } from './render';

export * from './build';
export * from './render';
export { VALIDATION_REPORT_FILE } from './integrity';
export { SAFEGUARD_ORDER, SAFEGUARDS_BY_TYPE, safeguardsOf } from './safeguards';
export type { EvidenceSafeguard } from './safeguards';
export type { EvidenceDataEventRow, EvidenceTrail } from './data-events';

/** Builds the report from `assemblyDir` and writes evidence-report.{json,md,html} into `outDir` (default `<assemblyDir>/evidence`). */
export function writeEvidenceReport(assemblyDir: string, outDir = path.join(assemblyDir, EVIDENCE_REPORT_DIR)): EvidenceReport {
  const report = buildEvidenceReport(assemblyDir);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'evidence-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'evidence-report.md'), renderMarkdown(report));
  fs.writeFileSync(path.join(outDir, 'evidence-report.html'), renderHtml(report));
  return report;
}

/**
 * `cdk-hipaa report <cloud assembly dir> [--out <dir>]`: writes the report (to
 * `<dir>/evidence/`, where the gate writes it after synth) and exits 0 on PASS;
 * 1 when a finding is unsuppressed, a stack was not checked, or a file of the
 * assembly does not prove the gate judged it (each such file is named); 2 on bad
 * usage or when the directory is not a readable cloud assembly.
 */
export function runReportCli(argv: string[], log: (line: string) => void = console.log): number {
  const [command, ...rest] = argv;
  const outIndex = rest.indexOf('--out');
  const out = outIndex >= 0 ? rest[outIndex + 1] : undefined;
  const positional = outIndex < 0 ? rest : rest.filter((_, i) => i !== outIndex && i !== outIndex + 1);
  if (command !== 'report' || positional.length !== 1 || (outIndex >= 0 && !out)) {
    log('usage: cdk-hipaa report <cloud assembly dir, e.g. cdk.out> [--out <dir>]');
    return 2;
  }
  const outDir = out ?? path.join(positional[0], EVIDENCE_REPORT_DIR);
  let report: EvidenceReport;
  try {
    report = writeEvidenceReport(positional[0], outDir);
  } catch (e) {
    log(`cdk-hipaa report: ${(e as Error).message}`);
    return 2;
  }
  const s = report.summary;
  for (const p of report.integrity) log(`cdk-hipaa report: ${path.join(positional[0], p.file)}: ${p.problem}`);
  log(`cdk-hipaa report: ${s.verdict}: ${s.stacks} stacks, ${s.resources} resources, ${s.unsuppressedFindings} unsuppressed findings, ` +
    `${s.acknowledgements} acknowledged (${s.acknowledgementsByOrigin.yours} yours, ${s.acknowledgementsByOrigin.shipped} shipped with cdk-hipaa)` +
    `${s.integrityProblems ? `, ${s.integrityProblems} assembly file${s.integrityProblems === 1 ? '' : 's'} not proven (above)` : ''}; ` +
    `written to ${path.resolve(outDir)}/evidence-report.{json,md,html}`);
  return s.verdict === 'PASS' ? 0 : 1;
}
