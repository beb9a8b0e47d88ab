import * as fs from 'fs';
import * as path from 'path';
import { buildEvidenceReport, EvidenceReport } from './build';
import { renderHtml, renderMarkdown } from './render';

export * from './build';
export * from './render';
export { SAFEGUARDS_BY_TYPE, safeguardsOf } from './safeguards';
export type { EvidenceSafeguard } from './safeguards';

/** Builds the report from `assemblyDir` and writes evidence-report.{json,md,html} into `outDir`. */
export function writeEvidenceReport(assemblyDir: string, outDir = assemblyDir): EvidenceReport {
  const report = buildEvidenceReport(assemblyDir);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'evidence-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'evidence-report.md'), renderMarkdown(report));
  fs.writeFileSync(path.join(outDir, 'evidence-report.html'), renderHtml(report));
  return report;
}

/**
 * `cdk-hipaa report <cloud assembly dir> [--out <dir>]`: writes the report and
 * exits 1 when any finding is unsuppressed (or a stack was not checked), 2 on bad usage.
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
  let report: EvidenceReport;
  try {
    report = writeEvidenceReport(positional[0], out ?? positional[0]);
  } catch (e) {
    log(`cdk-hipaa report: ${(e as Error).message}`);
    return 2;
  }
  const s = report.summary;
  log(`cdk-hipaa report: ${s.verdict}: ${s.stacks} stacks, ${s.resources} resources, ${s.unsuppressedFindings} unsuppressed findings, ` +
    `${s.acknowledgements} acknowledged; written to ${path.resolve(out ?? positional[0])}/evidence-report.{json,md,html}`);
  return s.verdict === 'PASS' ? 0 : 1;
}
