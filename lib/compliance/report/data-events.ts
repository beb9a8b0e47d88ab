import { AppTemplate, dataEventCoverage, trailsOf } from '../rules/cloudtrail/data-event-coverage';

/** A trail of the app, as the report names it. */
export interface EvidenceTrail {
  readonly stack: string;
  readonly path: string;
  /** The trail's name when it is a literal. */
  readonly trailName?: string;
}

/** One PHI store (bucket or table tagged `DataClassification=PHI`) and the trails that record who read and wrote it. */
export interface EvidenceDataEventRow {
  readonly stack: string;
  readonly path: string;
  readonly type: 'AWS::S3::Bucket' | 'AWS::DynamoDB::Table' | 'AWS::DynamoDB::GlobalTable';
  /** Trails that record both its reads and its writes as CloudTrail data events (and its stream's reads, for a table with a stream); empty when none does. */
  readonly recordedBy: EvidenceTrail[];
}

/** A synthesized stack template with the names the report uses. */
export interface NamedTemplate extends AppTemplate {
  readonly stackName: string;
  /** Construct path by logical id (from the assembly's metadata), where the template has no `aws:cdk:path`. */
  readonly paths?: ReadonlyMap<string, string>;
}

/**
 * §164.312(b) evidence of "who read PHI": per PHI store of the app, the trails whose data-event
 * selectors record both its reads and its writes, judged on the final templates of every
 * stack (a trail of the baseline covers stores of other stacks), as gate rule
 * HipaaGap-PhiStoreDataEvents judges them.
 */
export function dataEventEvidence(templates: readonly NamedTemplate[]): { rows: EvidenceDataEventRow[]; trails: number } {
  const byPath = new Map(templates.map((t) => [t.path, t]));
  const where = (templatePath: string, logicalId: string) => {
    const t = byPath.get(templatePath);
    const resource = t?.template.Resources?.[logicalId];
    const cdkPath = resource?.Metadata?.['aws:cdk:path'] ?? t?.paths?.get(logicalId);
    return { stack: t?.stackName ?? templatePath, path: typeof cdkPath === 'string' ? cdkPath.replace(/^\//, '') : logicalId };
  };
  const rows = dataEventCoverage(templates).map((c) => ({
    ...where(c.store.templatePath, c.store.logicalId),
    type: c.store.type,
    recordedBy: c.trails.map((t) => ({ ...where(t.templatePath, t.logicalId), ...(t.trailName ? { trailName: t.trailName } : {}) })),
  }));
  return { rows, trails: trailsOf(templates).length };
}

/** The rows as Markdown lines (a section of the evidence report). */
export function dataEventsMarkdown(rows: readonly EvidenceDataEventRow[], trails: number, md: (s: string) => string): string[] {
  const lines = ['## Who read PHI: data events per PHI store', '',
    'Each bucket and table classified PHI (`DataClassification=PHI`) and the CloudTrail trails of this app that record both its ' +
    'reads and its writes as data events (S3 object-level, DynamoDB item-level), and for a table with a stream the reads of its stream ' +
    '(GetRecords returns whole items).', ''];
  if (rows.length === 0) return [...lines, 'No PHI store in this app.', ''];
  lines.push('| PHI store | stack | type | recorded by (reads and writes) |', '|---|---|---|---|');
  for (const r of rows) lines.push(`| ${md(r.path)} | ${md(r.stack)} | ${r.type} | ${md(recordedByText(r, trails))} |`);
  lines.push('');
  return lines;
}

/** The "recorded by" cell: the trails, or why there is none. */
export function recordedByText(row: EvidenceDataEventRow, trails: number): string {
  if (row.recordedBy.length > 0) return row.recordedBy.map((t) => `${t.trailName ?? t.path} (${t.stack})`).join(', ');
  return trails === 0 ? 'no trail in this app (an organization trail must record it)' : 'NOT RECORDED by any trail of this app';
}
