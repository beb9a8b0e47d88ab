import { EvidenceAcknowledgement, EvidenceReport, EvidenceResource, EvidenceStack } from './build';
import { checksByPack, packResultText, ruleCountText, rulesByPack } from './render-markdown';
import { TraceabilityRow } from './traceability';
import { recordedByText } from './data-events';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const id = (s: string) => `s-${s.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A table of escaped text cells; `cls` per row when given. */
function table(head: string[], rows: string[][], cls = '', rowClass?: (i: number) => string): string {
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r, i) => `<tr${rowClass?.(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
}

const STYLE = `
:root{--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--muted:#57606a;--line:#d0d7de;--head:#f6f8fa}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;padding:0 2rem;color:#1b1f24;max-width:1200px;line-height:1.4}
h1{margin:0 0 .2rem} h2{margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem} .meta{color:var(--muted);margin:.2rem 0}
.verdict{display:inline-block;padding:.35rem 1rem;border-radius:6px;font-weight:700;font-size:1.3rem;color:#fff;vertical-align:middle}
.PASS{background:var(--ok)}.FAIL{background:var(--bad)}
.tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem;min-width:8.5rem;background:#fff}
.tile b{display:block;font-size:1.6rem;line-height:1.1}.tile span{color:var(--muted);font-size:.85rem}
.tile.bad{border-color:var(--bad);background:var(--bad-bg)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem;font-size:.88rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
th{background:var(--head)} tbody tr:nth-child(even) td{background:#fbfcfd}
.findings td,.integrity td{background:var(--bad-bg)!important}
tr.weakened td{background:var(--warn-bg)!important} tr.rejected td{background:var(--bad-bg)!important}
.matrix th,.matrix td{text-align:center} .matrix th:first-child,.matrix td:first-child{text-align:left}
.matrix td.ok{background:var(--ok-bg)!important;color:var(--ok);font-weight:600}
.matrix td.ack{background:var(--warn-bg)!important;color:var(--warn);font-weight:600}
.matrix td.none{background:#fff!important;color:#8c959f}
.matrix small{display:block;font-weight:400}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.5rem;border:1px solid var(--line)}
.legend .ok{background:var(--ok-bg)}.legend .ack{background:var(--warn-bg)}
.st-passed{color:var(--ok);font-weight:600}.st-failed,.st-notrun{color:var(--bad);font-weight:700}.st-disabled,.st-off{color:var(--warn)}
.chip{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 .45rem;margin:0 .2rem .2rem 0;font-size:.78rem;background:#fff}
.chip.away{border-color:var(--warn);background:var(--warn-bg);color:var(--warn)}
.origin{font-size:.75rem;color:var(--muted)} .fail{color:#fff;background:var(--bad);border-radius:4px;padding:0 .3rem;font-weight:700;font-size:.75rem}
details{margin:.3rem 0} summary{cursor:pointer;font-weight:600}
ul.rules{columns:3 18rem;font-size:.8rem;margin:.3rem 0 .8rem;padding-left:1.2rem} .print-only{display:none}
nav ul{columns:3 14rem;padding-left:1.2rem}
.traceability ul{margin:0;padding-left:1.1rem} .traceability .pack{font-weight:600} .gap{color:var(--warn)}
table.traceability,table.resources,table.acks{table-layout:fixed}
.traceability th:nth-child(1){width:10%}.traceability th:nth-child(2){width:11%}.traceability th:nth-child(3){width:33%}.traceability th:nth-child(4){width:24%}
.resources th:nth-child(1){width:28%}.resources th:nth-child(2){width:16%}.resources th:nth-child(3){width:24%}
.acks th:nth-child(1){width:24%}.acks th:nth-child(2){width:26%}
@page{size:A4 landscape;margin:10mm}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{margin:0;padding:0;max-width:none;font-size:9pt}
  h2{break-after:avoid} section.stack,#traceability{break-before:page}
  tr,.tile,.matrix{break-inside:avoid} thead{display:table-header-group}
  nav,details{display:none} .print-only{display:block} table.traceability{font-size:7.5pt}
  a{color:inherit;text-decoration:none}
}`;

/** The report as one self-contained HTML page (inline CSS, no scripts, no external resources), laid out for screen and print. */
export function renderHtml(report: EvidenceReport): string {
  const s = report.summary;
  const packNames = rulesByPack(report);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>HIPAA compliance evidence</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<header>
<h1>HIPAA compliance evidence <span class="verdict ${s.verdict}" id="verdict">${s.verdict}</span></h1>
<p class="meta">Generated ${esc(report.generatedAt)} from <code>${esc(report.assembly)}</code></p>
<p id="summary">${s.stacks} stacks, ${s.resources} resources, ${s.unsuppressedFindings} unsuppressed findings, ${s.acknowledgements} acknowledged findings.</p>
<div class="tiles">
${tile(s.stacks, 'stacks')}${tile(s.resources, 'resources')}${tile(packNames.length, 'check packs run')}
${tile(s.unsuppressedFindings, 'unsuppressed findings', s.unsuppressedFindings > 0)}
${tile(s.acknowledgementsByOrigin.yours, 'acknowledged by you')}${tile(s.acknowledgementsByOrigin.shipped, 'shipped with cdk-hipaa')}
${s.rejectedAcknowledgements ? tile(s.rejectedAcknowledgements, 'acknowledgements rejected', true) : ''}
${s.integrityProblems ? tile(s.integrityProblems, 'assembly files not proven', true) : ''}
</div>
</header>
<nav><ul>${report.stacks.map((st) => `<li><a href="#${id(st.name)}">${esc(st.name)}</a></li>`).join('')}<li><a href="#packs">Check packs and their rules</a></li><li><a href="#traceability">Traceability matrix</a></li></ul></nav>
${integrityHtml(report)}
${matrixHtml(report)}
${packsHtml(report)}
${dataEventsHtml(report)}
${report.stacks.map(stackHtml).join('\n')}
${traceabilityHtml(report.traceability)}
</body></html>
`;
}

/** Who read PHI: per PHI store, the trails that record its reads and writes. */
function dataEventsHtml(report: EvidenceReport): string {
  const rows = report.dataEvents ?? [];
  return `<section id="data-events">
<h2>Who read PHI: data events per PHI store</h2>
<p>Each bucket and table classified PHI and the CloudTrail trails of this app that record both its reads and its writes as data events.</p>
${rows.length ? table(['PHI store', 'stack', 'type', 'recorded by (reads and writes)'], rows.map((r) => [r.path, r.stack, r.type, recordedByText(r, report.trails ?? 0)]), 'data-events') : '<p>No PHI store in this app.</p>'}
</section>`;
}

const tile = (n: number, label: string, bad = false) => `<div class="tile${bad ? ' bad' : ''}"><b>${n}</b><span>${esc(label)}</span></div>`;

function integrityHtml(report: EvidenceReport): string {
  if (report.integrity.length === 0) {
    return '<p id="integrity" class="meta">Integrity: the gate\'s receipt shows every pack judged every stack, and the templates and the validation report are the ones it judged (SHA-256).</p>';
  }
  return `<section id="integrity"><h2>The assembly does not prove the gate judged it</h2>
<p>Each file below is missing, corrupt, unexpected or not the one the gate judged; the verdict cannot be PASS until the app is synthesized again with <code>applyHipaaChecks</code>.</p>
${table(['file', 'problem'], report.integrity.map((p) => [p.file, p.problem]), 'integrity')}</section>`;
}

function matrixHtml(report: EvidenceReport): string {
  const head = `<tr><th>safeguard</th>${report.stacks.map((st) => `<th><a href="#${id(st.name)}">${esc(st.name)}</a></th>`).join('')}</tr>`;
  const rows = report.matrix.map((row) => `<tr><td>${esc(row.safeguard)}</td>${row.stacks.map((c) => {
    const cls = c.acknowledged > 0 ? 'ack' : c.implemented > 0 ? 'ok' : 'none';
    const title = `${plural(c.implemented, 'resource')} implementing it${c.acknowledged ? `; acknowledged on ${plural(c.acknowledged, 'resource')}` : ''}`;
    return `<td class="${cls}" title="${esc(title)}">${c.implemented || '–'}${c.acknowledged ? `<small>${c.acknowledged} acknowledged</small>` : ''}</td>`;
  }).join('')}</tr>`).join('');
  return `<section id="matrix"><h2>Safeguards by stack</h2>
<table class="matrix"><thead>${head}</thead><tbody>${rows}</tbody></table>
<p class="legend"><span class="ok">n</span>resources implementing the safeguard <span class="ack">k acknowledged</span>a finding testing it was acknowledged on k resources (reason in the stack) <span>–</span>none in this stack</p></section>`;
}

function packsHtml(report: EvidenceReport): string {
  const packs = [...new Set(report.stacks.flatMap((st) => st.packs.map((p) => p.pack)))];
  const head = ['check pack', 'rules', ...report.stacks.map((st) => st.name)];
  const rows = packs.map((pack) => {
    const any = report.stacks.flatMap((st) => st.packs).find((p) => p.pack === pack)!;
    return `<tr><td>${esc(pack)}</td><td>${esc(ruleCountText(any))}</td>${report.stacks.map((st) => {
      const p = st.packs.find((x) => x.pack === pack);
      if (!p) return '<td>-</td>';
      const text = p.status === 'failed' ? `failed: ${plural(p.findings, 'finding')}` : p.status === 'not run' ? 'NOT RUN' : p.status;
      return `<td class="st-${p.status.replace(' ', '')}">${esc(text)}${p.acknowledged ? `<small class="origin"> · ${p.acknowledged} ack.</small>` : ''}</td>`;
    }).join('')}</tr>`;
  }).join('');
  const lists = rulesByPack(report).map((p) => {
    const body = p.rules.length ? `<ul class="rules">${p.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : `<p>${esc(p.note ?? '')}</p>`;
    return `<details class="pack-rules" id="rules-${id(p.pack)}"><summary>${esc(p.pack)}: ${p.rules.length ? plural(p.rules.length, 'rule') : 'built-in rules'}</summary>${body}</details>` +
      `<div class="print-only"><h4>${esc(p.pack)}: ${p.rules.length ? plural(p.rules.length, 'rule') : 'built-in rules'}</h4>${body}</div>`;
  }).join('\n');
  return `<section id="packs"><h2>Check packs and their rules</h2>
<table class="pack-overview"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
<h3>Rules each pack ran</h3>
${lists}
</section>`;
}

function acksHtml(title: string, acks: EvidenceAcknowledgement[], cls: string): string {
  if (acks.length === 0) return `<h4>${esc(title)}: none</h4>`;
  const rows = acks.map((a) => `<tr${a.problem ? ' class="rejected"' : ''}><td>${a.problem ? '<span class="fail">FAIL</span> ' : ''}${esc(a.rule)}</td><td>${esc(a.path)}</td>` +
    `<td>${esc(a.reason)}${a.problem ? `<br><strong>Rejected by the gate:</strong> ${esc(a.problem)}` : ''}</td></tr>`).join('');
  return `<h4>${esc(title)} (${acks.length})</h4><table class="acks ${cls}"><thead><tr><th>rule</th><th>where</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function resourceRow(r: EvidenceResource): string {
  const chips = r.safeguards.map((g) => `<span class="chip">${esc(g)}</span>`).join('') || '-';
  const away = r.acknowledged.map((a) => `<div>${a.safeguards.map((g) => `<span class="chip away">${esc(g)} acknowledged away</span>`).join('')}` +
    `<code>${esc(a.rule)}</code> <span class="origin">(${a.origin === 'yours' ? 'yours' : 'shipped with cdk-hipaa'})</span>: ${esc(a.reason)}</div>`).join('') || '-';
  return `<tr${r.acknowledged.length ? ' class="weakened"' : ''}><td>${esc(r.path)}</td><td>${esc(r.type)}</td><td>${chips}</td><td>${away}</td></tr>`;
}

function stackHtml(stack: EvidenceStack): string {
  const packs = stack.packs.length
    ? table(['check pack', 'result', 'rules', 'findings', 'acknowledged'], stack.packs.map((p) => [p.pack, packResultText(p), ruleCountText(p), String(p.findings), String(p.acknowledged)]), 'packs')
    : table(['check pack', 'result'], [['(none registered)', 'not checked: synthesized without applyHipaaChecks']], 'packs');
  return `
<section class="stack" id="${id(stack.name)}">
<h2>${esc(stack.name)}</h2>
<h3>Check packs</h3>
${packs}
${stack.findings.length ? `<h3>Unsuppressed findings</h3>${table(['plugin', 'rule', 'where', 'description'], stack.findings.map((f) => [f.plugin, f.rule, f.paths.join(', '), f.description]), 'findings')}` : ''}
<h3>Acknowledged findings</h3>
${acksHtml('Yours', stack.acknowledgements.filter((a) => a.origin === 'yours'), 'yours')}
${acksHtml('Shipped with cdk-hipaa', stack.acknowledgements.filter((a) => a.origin === 'shipped'), 'shipped')}
${stack.configExclusions.length ? `<h3>AWS Config rules left out</h3>${table(['rule', 'where', 'reason'], stack.configExclusions.map((e) => [e.rule, e.path, e.reason]), 'config-exclusions')}` : ''}
<h3>Resources and safeguards</h3>
<table class="resources"><thead><tr><th>resource</th><th>type</th><th>safeguards</th><th>acknowledged away</th></tr></thead><tbody>${stack.resources.map(resourceRow).join('')}</tbody></table>
</section>`;
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
