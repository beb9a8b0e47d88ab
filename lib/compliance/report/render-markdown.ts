import { EvidenceAcknowledgement, EvidenceReport, EvidenceStack } from './build';
import { TraceabilityRow } from './traceability';
import { dataEventsMarkdown } from './data-events';

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Rules per pack for the whole app (the receipt's list; the same for every stack a pack judged). */
export function rulesByPack(report: EvidenceReport): Array<{ pack: string; rules: string[]; note?: string }> {
  const out = new Map<string, { pack: string; rules: string[]; note?: string }>();
  for (const p of report.stacks.flatMap((s) => s.packs)) {
    if (p.status === 'disabled' || p.status === 'off' || p.status === 'not run') continue;
    const seen = out.get(p.pack);
    if (!seen || seen.rules.length < p.rules.length) out.set(p.pack, { pack: p.pack, rules: p.rules, ...(p.reason ? { note: p.reason } : {}) });
  }
  return [...out.values()];
}

/** How a pack's result reads in a table cell. */
export function packResultText(p: EvidenceStack['packs'][number]): string {
  if (p.status === 'disabled') return `disabled: ${p.reason ?? ''}`;
  if (p.status === 'off') return `off: ${p.reason ?? ''}`;
  if (p.status === 'not run') return 'NOT RUN: no record that it judged this stack';
  return p.status;
}

/** The rule count as a table shows it. */
export const ruleCountText = (p: EvidenceStack['packs'][number]) => (p.rules.length ? String(p.rules.length) : p.reason && p.status !== 'disabled' && p.status !== 'off' ? 'built-in' : '-');

/** The report as Markdown, for pull requests and audit binders. */
export function renderMarkdown(report: EvidenceReport): string {
  const s = report.summary;
  const lines = [
    '# HIPAA compliance evidence',
    '',
    `Generated ${report.generatedAt} from \`${report.assembly}\`.`,
    '',
    `**Verdict: ${s.verdict}** — ${s.stacks} stacks, ${s.resources} resources, ${s.unsuppressedFindings} unsuppressed findings, ` +
      `${s.acknowledgements} acknowledgements (${s.acknowledgementsByOrigin.yours} yours, ${s.acknowledgementsByOrigin.shipped} shipped with cdk-hipaa` +
      `${s.rejectedAcknowledgements ? `, ${s.rejectedAcknowledgements} rejected` : ''}), each with its reason below.`,
    '',
    ...integrityMarkdown(report),
    ...matrixMarkdown(report),
    '## Rules each pack ran', '',
    ...rulesByPack(report).flatMap((p) => [`- **${p.pack}** (${p.rules.length || 'built-in'}): ${md(p.rules.join(', ') || p.note || '')}`]),
    '',
  ];
  lines.push(...dataEventsMarkdown(report.dataEvents ?? [], report.trails ?? 0, md));
  for (const stack of report.stacks) lines.push(...stackMarkdown(stack));
  lines.push(...traceabilityMarkdown(report.traceability));
  return `${lines.join('\n')}\n`;
}

function integrityMarkdown(report: EvidenceReport): string[] {
  if (report.integrity.length === 0) {
    return ['The cloud assembly proves the gate judged it: every pack judged every stack, and the templates and the validation report are the ones it judged.', ''];
  }
  return ['## The assembly does not prove the gate judged it', '', '| file | problem |', '|---|---|',
    ...report.integrity.map((p) => `| ${md(p.file)} | ${md(p.problem)} |`), ''];
}

function matrixMarkdown(report: EvidenceReport): string[] {
  const stacks = report.stacks.map((s) => s.name);
  return ['## Safeguards by stack', '',
    'Resources implementing each safeguard; "n acknowledged" counts resources on which a finding testing it was acknowledged (see the stack for the reason).', '',
    `| safeguard | ${stacks.map(md).join(' | ')} |`, `|---|${stacks.map(() => '---:').join('|')}|`,
    ...report.matrix.map((row) => `| ${row.safeguard} | ${row.stacks.map((c) => `${c.implemented}${c.acknowledged ? ` (${c.acknowledged} acknowledged)` : ''}`).join(' | ')} |`),
    ''];
}

function acksMarkdown(title: string, acks: EvidenceAcknowledgement[]): string[] {
  if (acks.length === 0) return [`#### ${title}: none`, ''];
  return [`#### ${title} (${acks.length})`, '', '| rule | where | reason |', '|---|---|---|',
    ...acks.map((a) => `| ${a.problem ? '**FAIL** ' : ''}${md(a.rule)} | ${md(a.path)} | ${md(a.reason)}${a.problem ? ` — **rejected:** ${md(a.problem)}` : ''} |`), ''];
}

function stackMarkdown(stack: EvidenceStack): string[] {
  const lines = [`## ${stack.name}`, '', '| check pack | result | rules | findings | acknowledged |', '|---|---|---:|---:|---:|'];
  if (stack.packs.length === 0) lines.push('| (none registered) | not checked | - | - | - |');
  for (const p of stack.packs) lines.push(`| ${p.pack} | ${md(packResultText(p))} | ${ruleCountText(p)} | ${p.findings} | ${p.acknowledged} |`);
  lines.push('');
  if (stack.findings.length > 0) {
    lines.push('### Unsuppressed findings', '', '| plugin | rule | where | description |', '|---|---|---|---|');
    for (const f of stack.findings) lines.push(`| ${f.plugin} | ${md(f.rule)} | ${md(f.paths.join(', '))} | ${md(f.description)} |`);
    lines.push('');
  }
  lines.push('### Acknowledged findings', '');
  lines.push(...acksMarkdown('Yours', stack.acknowledgements.filter((a) => a.origin === 'yours')));
  lines.push(...acksMarkdown('Shipped with cdk-hipaa', stack.acknowledgements.filter((a) => a.origin === 'shipped')));
  if (stack.configExclusions.length > 0) {
    lines.push('### AWS Config rules left out', '', '| rule | where | reason |', '|---|---|---|');
    for (const e of stack.configExclusions) lines.push(`| ${md(e.rule)} | ${md(e.path)} | ${md(e.reason)} |`);
    lines.push('');
  }
  lines.push('### Resources and safeguards', '', '| resource | type | safeguards | acknowledged away |', '|---|---|---|---|');
  for (const r of stack.resources) {
    const acked = r.acknowledged.map((a) => `${a.safeguards.length ? `${a.safeguards.join(', ')}: ` : ''}${a.rule} (${a.origin === 'yours' ? 'yours' : 'shipped'}): ${a.reason}`);
    lines.push(`| ${md(r.path)} | ${r.type} | ${r.safeguards.join('; ') || '-'} | ${md(acked.join('; ')) || '-'} |`);
  }
  lines.push('');
  return lines;
}

/** Checks of a row grouped by pack: `pack: rule, rule; pack: rule`. */
export function checksByPack(row: TraceabilityRow): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const c of row.checks) groups.set(c.pack, [...(groups.get(c.pack) ?? []), c.rule]);
  return [...groups.entries()];
}

function traceabilityMarkdown(rows: TraceabilityRow[]): string[] {
  const lines = ['## Traceability matrix', '',
    'Each HIPAA Security Rule standard or implementation specification the library addresses (every one of §164.312), ' +
    'the checks that test it, the construct defaults that implement it and the tests that prove them.', '',
    '| control | title | checks | implemented by | tests |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const checks = checksByPack(r).map(([pack, rules]) => `**${pack}**: ${rules.join(', ')}`).join('<br>') || (r.note ? `none automated: ${r.note}` : '-');
    const implemented = r.implementedBy.map((i) => `${i.construct}: ${i.safeguard}`).join('<br>') || '-';
    const tests = r.tests.map((t) => `${t.file} › ${t.name}`).join('<br>') || '-';
    lines.push(`| ${r.control} | ${md(r.title)} | ${md(checks)} | ${md(implemented)} | ${md(tests)} |`);
  }
  lines.push('');
  return lines;
}

