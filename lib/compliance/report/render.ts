import { EvidenceReport, EvidenceStack } from './build';
import { TraceabilityRow } from './traceability';

const SAFEGUARD_ORDER = [
  'encryption at rest §164.312(a)(2)(iv)', 'encryption in transit §164.312(e)(1)', 'audit controls §164.312(b)',
  'integrity §164.312(c)(1)', 'access control §164.312(a)(1)', 'authentication §164.312(d)', 'backup §164.308(a)(7)(ii)(A)',
];

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown, for pull requests and audit binders. */
export function renderMarkdown(report: EvidenceReport): string {
  const s = report.summary;
  const lines = [
    '# HIPAA compliance evidence',
    '',
    `Generated ${report.generatedAt} from \`${report.assembly}\`.`,
    '',
    `**Verdict: ${s.verdict}** — ${s.stacks} stacks, ${s.resources} resources, ${s.unsuppressedFindings} unsuppressed findings, ` +
      `${s.acknowledgements} acknowledged findings (each with its reason below).`,
    '',
    '| safeguard | resources implementing it |',
    '|---|---:|',
    ...SAFEGUARD_ORDER.map((g) => `| ${g} | ${s.safeguards[g] ?? 0} |`),
    '',
  ];
  for (const stack of report.stacks) lines.push(...stackMarkdown(stack));
  lines.push(...traceabilityMarkdown(report.traceability));
  return `${lines.join('\n')}\n`;
}

/** Checks of a row grouped by pack: `pack: rule, rule; pack: rule`. */
function checksByPack(row: TraceabilityRow): Array<[string, string[]]> {
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

function stackMarkdown(stack: EvidenceStack): string[] {
  const lines = [`## ${stack.name}`, '', '| check pack | result | findings |', '|---|---|---:|'];
  if (stack.packs.length === 0) lines.push('| (none registered) | not checked | - |');
  for (const p of stack.packs) lines.push(`| ${p.pack} | ${p.status}${p.reason ? `: ${md(p.reason)}` : ''} | ${p.findings} |`);
  lines.push('');
  if (stack.findings.length > 0) {
    lines.push('### Unsuppressed findings', '', '| plugin | rule | where | description |', '|---|---|---|---|');
    for (const f of stack.findings) lines.push(`| ${f.plugin} | ${md(f.rule)} | ${md(f.paths.join(', '))} | ${md(f.description)} |`);
    lines.push('');
  }
  lines.push('### Acknowledged findings', '');
  if (stack.acknowledgements.length === 0) lines.push('None.', '');
  else {
    lines.push('| rule | where | reason |', '|---|---|---|');
    for (const a of stack.acknowledgements) lines.push(`| ${md(a.rule)} | ${md(a.path)} | ${md(a.reason)} |`);
    lines.push('');
  }
  if (stack.configExclusions.length > 0) {
    lines.push('### AWS Config rules left out', '', '| rule | where | reason |', '|---|---|---|');
    for (const e of stack.configExclusions) lines.push(`| ${md(e.rule)} | ${md(e.path)} | ${md(e.reason)} |`);
    lines.push('');
  }
  lines.push('### Resources and safeguards', '', '| resource | type | safeguards |', '|---|---|---|');
  for (const r of stack.resources) lines.push(`| ${md(r.path)} | ${r.type} | ${r.safeguards.join('; ') || '-'} |`);
  lines.push('');
  return lines;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report as one self-contained HTML page (inline CSS, no scripts, no external resources). */
export function renderHtml(report: EvidenceReport): string {
  const s = report.summary;
  const table = (head: string[], rows: string[][], cls = '') =>
    `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
  const stacks = report.stacks.map((stack) => `
<section id="${esc(stack.name)}">
<h2>${esc(stack.name)}</h2>
<h3>Check packs</h3>
${table(['check pack', 'result', 'findings'], stack.packs.length ? stack.packs.map((p) => [p.pack, p.status + (p.reason ? `: ${p.reason}` : ''), String(p.findings)]) : [['(none registered)', 'not checked', '-']], 'packs')}
${stack.findings.length ? `<h3>Unsuppressed findings</h3>${table(['plugin', 'rule', 'where', 'description'], stack.findings.map((f) => [f.plugin, f.rule, f.paths.join(', '), f.description]), 'findings')}` : ''}
<h3>Acknowledged findings</h3>
${stack.acknowledgements.length ? table(['rule', 'where', 'reason'], stack.acknowledgements.map((a) => [a.rule, a.path, a.reason]), 'acks') : '<p>None.</p>'}
${stack.configExclusions.length ? `<h3>AWS Config rules left out</h3>${table(['rule', 'where', 'reason'], stack.configExclusions.map((e) => [e.rule, e.path, e.reason]), 'config-exclusions')}` : ''}
<h3>Resources and safeguards</h3>
${table(['resource', 'type', 'safeguards'], stack.resources.map((r) => [r.path, r.type, r.safeguards.join('; ') || '-']), 'resources')}
</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>HIPAA compliance evidence</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{margin-bottom:.2rem} .meta{color:#57606a}
.verdict{display:inline-block;padding:.4rem 1rem;border-radius:6px;font-weight:700;font-size:1.2rem;color:#fff}
.PASS{background:#1a7f37}.FAIL{background:#cf222e}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f6f8fa} tr:nth-child(even) td{background:#fbfcfd}
.findings td{background:#ffebe9}
.traceability ul{margin:0;padding-left:1.1rem} .traceability .pack{font-weight:600} .gap{color:#9a6700}
</style></head>
<body>
<h1>HIPAA compliance evidence</h1>
<p class="meta">Generated ${esc(report.generatedAt)} from <code>${esc(report.assembly)}</code></p>
<p><span class="verdict ${s.verdict}" id="verdict">${s.verdict}</span></p>
<p id="summary">${s.stacks} stacks, ${s.resources} resources, ${s.unsuppressedFindings} unsuppressed findings, ${s.acknowledgements} acknowledged findings.</p>
${table(['safeguard', 'resources implementing it'], SAFEGUARD_ORDER.map((g) => [g, String(s.safeguards[g] ?? 0)]), 'safeguards')}
${stacks}
${traceabilityHtml(report.traceability)}
</body></html>
`;
}

function traceabilityHtml(rows: TraceabilityRow[]): string {
  const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '-');
  const body = rows.map((r) => {
    const checks = r.checks.length
      ? list(checksByPack(r).map(([pack, rules]) => `<span class="pack">${esc(pack)}</span>: ${esc(rules.join(', '))}`))
      : `<span class="gap">${esc(r.note ? `none automated: ${r.note}` : '-')}</span>`;
    const implemented = list(r.implementedBy.map((i) => `<code>${esc(i.construct)}</code>: ${esc(i.safeguard)}`));
    const tests = list(r.tests.map((t) => `<code>${esc(t.file)}</code> › ${esc(t.name)}`));
    return `<tr id="${esc(r.control)}"><td>${esc(r.control)}</td><td>${esc(r.title)}</td><td>${checks}</td><td>${implemented}</td><td>${tests}</td></tr>`;
  }).join('');
  return `<section id="traceability">
<h2>Traceability matrix</h2>
<p>Each HIPAA Security Rule standard or implementation specification the library addresses (every one of §164.312), the checks that test it, the construct defaults that implement it and the tests that prove them.</p>
<table class="traceability"><thead><tr><th>control</th><th>title</th><th>checks</th><th>implemented by</th><th>tests</th></tr></thead><tbody>${body}</tbody></table>
</section>`;
}
