import * as fs from 'fs';
import * as path from 'path';
import { HIPAA_CONTROLS } from '../../lib/compliance/report/controls';
import { IMPLEMENTED_SAFEGUARDS, ImplementedSafeguard } from '../../lib/compliance/report/implemented-by';
import { buildTraceability, cdkNagHipaaControls, controlTowerControls, TraceabilityRow } from '../../lib/compliance/report/traceability';

const ROOT = path.join(__dirname, '..', '..');

/** Whether `file` (from the repository root) holds a test, or test.each, titled exactly `name`. */
function testExists(file: string, name: string): boolean {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full)) return false;
  const source = fs.readFileSync(full, 'utf8');
  const quoted = [`'${name.replace(/'/g, "\\'")}'`, `"${name}"`, `\`${name}\``];
  return quoted.some((q) => new RegExp(`\\b(?:test|it)(?:\\.each\\b[\\s\\S]{0,4000}?\\))?\\(\\s*${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(source));
}

/** What would make the matrix lie: a listed test that is gone, a declared safeguard without its row. */
function problems(rows: TraceabilityRow[], declared: readonly ImplementedSafeguard[]): string[] {
  const out: string[] = [];
  for (const row of rows) for (const t of row.tests) if (!testExists(t.file, t.name)) out.push(`${row.control}: test '${t.name}' not found in ${t.file}`);
  for (const s of declared) {
    for (const control of s.controls) {
      const row = rows.find((r) => r.control === control);
      if (!row) out.push(`${s.construct} declares ${control}, which has no row`);
      else if (!row.implementedBy.some((i) => i.construct === s.construct && i.safeguard === s.safeguard)) out.push(`${control}: ${s.construct} (${s.safeguard}) is not listed`);
    }
  }
  return out;
}

describe('traceability matrix (generated from data)', () => {
  const rows = buildTraceability();
  const row = (control: string) => rows.find((r) => r.control === control)!;

  test('every listed test exists and every declared safeguard has its row', () => {
    expect(problems(rows, IMPLEMENTED_SAFEGUARDS)).toEqual([]);
  });

  test('the check catches a renamed test and a safeguard declared for a control with no row', () => {
    const doctored = [...IMPLEMENTED_SAFEGUARDS, {
      construct: 'HipaaBucket', safeguard: 'made up', controls: ['164.999(z)'],
      tests: [{ file: 'test/constructs/bucket.test.ts', name: 'a test that was renamed' }],
    }];
    const withGhostTest = rows.map((r) => (r.control === '164.312(b)' ? { ...r, tests: [...r.tests, { file: 'test/nowhere.test.ts', name: 'gone' }] } : r));
    expect(problems(withGhostTest, doctored)).toEqual([
      "164.312(b): test 'gone' not found in test/nowhere.test.ts",
      'HipaaBucket declares 164.999(z), which has no row',
    ]);
  });

  test('covers every standard and implementation specification of §164.312: each implemented by a default with a test; a row without an automated check says why', () => {
    const technical = HIPAA_CONTROLS.filter((c) => c.control.startsWith('164.312'));
    expect(technical).toHaveLength(12);
    for (const { control } of technical) {
      const r = row(control);
      expect([control, r.implementedBy.length > 0, r.tests.length > 0]).toEqual([control, true, true]);
    }
    for (const r of rows.filter((x) => x.control.startsWith('164.312') && x.checks.length === 0)) expect([r.control, (r.note ?? '').length >= 30]).toEqual([r.control, true]);
    // A note on a row that has checks would be stale.
    expect(rows.filter((r) => r.note && r.checks.length > 0).map((r) => r.control)).toEqual([]);
  });

  test('every citation a check makes is a known HIPAA control with a row (a new citation upstream fails here)', () => {
    const known = new Set(HIPAA_CONTROLS.map((c) => c.control));
    const cited = cdkNagHipaaControls().flatMap((r) => r.controls);
    expect(cited.length).toBeGreaterThan(50);
    expect([...new Set(cited)].filter((c) => !known.has(c))).toEqual([]);
    for (const c of new Set(cited)) expect(rows.map((r) => r.control)).toContain(c);
  });

  test('checks come from each pack: cdk-nag by its own citations, HipaaGap, Control Tower through its Config rule, AWS Config', () => {
    expect(row('164.312(e)(1)').checks).toEqual(expect.arrayContaining([
      { pack: 'HIPAA.Security', rule: 'HIPAA.Security-S3BucketSSLRequestsOnly' },
      { pack: 'HipaaGapChecks', rule: 'HipaaGap-ElbHttpsTargetGroup' },
      { pack: 'AWS Config', rule: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
      { pack: 'AWS Config', rule: 'custom: elbv2-target-groups-https-only' },
    ]));
    const versioningControls = controlTowerControls().filter((c) => c.configRule === 'S3_BUCKET_VERSIONING_ENABLED').map((c) => c.rule);
    expect(versioningControls.length).toBeGreaterThan(0);
    expect(row('164.312(c)(1)').checks).toEqual(expect.arrayContaining(versioningControls.map((rule) => ({ pack: 'ControlTower', rule }))));
    expect(row('164.312(a)(2)(iv)').implementedBy).toEqual(expect.arrayContaining([{ construct: 'HipaaBucket', safeguard: 'SSE-KMS with a customer-managed key and bucket key' }]));
    expect(row('164.312(a)(2)(iv)').tests).toEqual(expect.arrayContaining([{ file: 'test/constructs/bucket.test.ts', name: 'encrypts with SSE-KMS under its customer-managed key, with a bucket key' }]));
  });

  test('§164.308 rows only for specifications something here addresses, titled from the regulation', () => {
    expect(row('164.308(a)(7)(ii)(A)')).toMatchObject({ title: 'Data backup plan' });
    expect(rows.find((r) => r.control === '164.308(a)(1)(ii)(C)')).toBeUndefined(); // sanction policy: people, not infrastructure
  });
});
