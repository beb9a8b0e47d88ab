import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { applyHipaaChecks, HipaaBucket, writeEvidenceReport } from '../../lib';
import { HIPAA_CONTROLS } from '../../lib/compliance/report/controls';
import { testApp } from '../helpers';

/** Debian's chromium (installed by .ci/run), if present. */
function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

const chromium = findChromium();
if (!chromium) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: the evidence report HTML test needs headless Chromium (apt-get install chromium); .ci/run installs it.');
}
const withBrowser = chromium ? describe : describe.skip;

withBrowser('evidence report HTML in headless Chromium', () => {
  const app = testApp();
  new HipaaBucket(new Stack(app, 'Records'), 'Phi');
  applyHipaaChecks(app);
  app.synth();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-html-'));
  writeEvidenceReport(app.outdir, out);
  const page = `file://${path.join(out, 'evidence-report.html')}`;
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'))}`];

  test('renders the verdict, the summary and every section as the browser parses them', () => {
    const dom = execFileSync(chromium!, [...flags, '--dump-dom', page], { encoding: 'utf8', timeout: 60_000 });
    expect(dom).toMatch(/<span class="verdict PASS" id="verdict">PASS<\/span>/);
    expect(dom).toMatch(/<p id="summary">1 stacks, \d+ resources, 0 unsuppressed findings, \d+ acknowledged findings\.<\/p>/);
    expect(dom).toMatch(/<h2>Records<\/h2>/);
    expect(dom).toMatch(/<td>HIPAA\.Security-S3BucketReplicationEnabled<\/td>/);
    expect(dom).not.toMatch(/<script/); // self-contained and inert
  });

  test('renders the traceability matrix: a row for every §164.312 control with its checks, defaults and tests', () => {
    const dom = execFileSync(chromium!, [...flags, '--dump-dom', page], { encoding: 'utf8', timeout: 60_000 });
    expect(dom).toMatch(/<section id="traceability">\s*<h2>Traceability matrix<\/h2>/);
    for (const { control } of HIPAA_CONTROLS.filter((c) => c.control.startsWith('164.312'))) {
      expect(dom).toContain(`<tr id="${control}"><td>${control}</td>`);
    }
    const encryption = dom.slice(dom.indexOf('<tr id="164.312(a)(2)(iv)">'), dom.indexOf('</tr>', dom.indexOf('<tr id="164.312(a)(2)(iv)">')));
    expect(encryption).toContain('<td>Encryption and decryption</td>');
    expect(encryption).toMatch(/<span class="pack">HIPAA\.Security<\/span>: [^<]*HIPAA\.Security-S3DefaultEncryptionKMS/);
    expect(encryption).toMatch(/<span class="pack">AWS Config<\/span>: [^<]*custom: phi-data-stores-customer-managed-key/);
    expect(encryption).toContain('<li><code>HipaaBucket</code>: SSE-KMS with a customer-managed key and bucket key</li>');
    expect(encryption).toContain('<li><code>test/constructs/bucket.test.ts</code> › encrypts with SSE-KMS under its customer-managed key, with a bucket key</li>');
    expect(dom).toMatch(/<tr id="164.312\(a\)\(2\)\(iii\)">.*<span class="gap">none automated: /);
  });

  test('shows the safeguard × stack matrix, every plugin with its rule count, and the rule lists in <details> (no scripts)', () => {
    const dom = execFileSync(chromium!, [...flags, '--dump-dom', page], { encoding: 'utf8', timeout: 60_000 });
    const matrix = dom.slice(dom.indexOf('<section id="matrix">'), dom.indexOf('</section>', dom.indexOf('<section id="matrix">')));
    expect(matrix).toMatch(/<th><a href="#s-Records">Records<\/a><\/th>/);
    expect(matrix).toMatch(/<td>encryption at rest §164\.312\(a\)\(2\)\(iv\)<\/td><td class="(ok|ack)" title="\d+ resources implementing it/);
    const overview = dom.slice(dom.indexOf('<table class="pack-overview">'), dom.indexOf('</table>', dom.indexOf('<table class="pack-overview">')));
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5', 'AwsSolutions', 'HipaaGapChecks', 'ControlTowerGuardChecks', 'HipaaAcknowledgementChecks', 'CloudFormation Validate']) {
      expect(overview).toContain(`<td>${pack}</td>`);
    }
    expect(dom).toMatch(/<details class="pack-rules" id="rules-s-HIPAA-Security"><summary>HIPAA\.Security: \d+ rules<\/summary><ul class="rules"><li>HIPAA\.Security-/);
    expect(dom).toMatch(/<h4>Shipped with cdk-hipaa \(\d+\)<\/h4>/);
    expect(dom).toMatch(/<h4>Yours: none<\/h4>/);
    expect(dom).not.toMatch(/<script|javascript:|<[^>]*\son[a-z]+=/i);
  });

  test('prints: a print layout gives each stack its own pages and the rule lists in full', () => {
    const html = fs.readFileSync(path.join(out, 'evidence-report.html'), 'utf8');
    expect(html).toMatch(/@media print\{[^}]*\*\{-webkit-print-color-adjust:exact;print-color-adjust:exact\}/);
    expect(html).toMatch(/section\.stack,#traceability\{break-before:page\}/);
    expect(html).toMatch(/nav,details\{display:none\} \.print-only\{display:block\}/);
    expect(html).toContain('@page{size:A4 landscape;margin:10mm}');
    const pdf = path.join(out, 'report.pdf');
    execFileSync(chromium!, [...flags, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, page], { timeout: 90_000, stdio: 'ignore' });
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Pages: the summary, the Records stack (break-before), the traceability matrix (break-before), and more for the long tables.
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  test('paints a full page (screenshot)', () => {
    const shot = path.join(out, 'report.png');
    execFileSync(chromium!, [...flags, '--hide-scrollbars', '--window-size=1280,2000', `--screenshot=${shot}`, page], { timeout: 60_000, stdio: 'ignore' });
    const png = fs.readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280); // width from the IHDR chunk
    expect(png.length).toBeGreaterThan(20_000); // text and tables were drawn, not a blank page
  });
});
