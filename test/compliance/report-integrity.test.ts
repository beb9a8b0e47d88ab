import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { applyHipaaChecks, buildEvidenceReport, HipaaBucket, HipaaCheckPack } from '../../lib';
import { GATE_RECEIPT_FILE, GateReceipt } from '../../lib/compliance/gate-receipt';
import { runReportCli } from '../../lib/compliance/report';
import { testApp } from '../helpers';

/**
 * `cdk-hipaa report` refuses to PASS unless the assembly proves the gate ran:
 * one clean, gated two-stack assembly, copied and damaged one way per test.
 */
const app = testApp();
new HipaaBucket(new Stack(app, 'Records'), 'Phi');
new HipaaBucket(new Stack(app, 'Claims'), 'Phi');
applyHipaaChecks(app, { disabledPacks: { [HipaaCheckPack.NIST_800_53_R5]: 'Covered by the HIPAA pack for this test; NIST is checked elsewhere.' } });
app.synth();
const pristine = app.outdir;

/** A copy of the assembly, changed by `damage`, and what the CLI said about it. */
function damaged(damage: (dir: string) => void): { dir: string; code: number; lines: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-integrity-'));
  fs.cpSync(pristine, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'evidence'), { recursive: true, force: true });
  damage(dir);
  const lines: string[] = [];
  const code = runReportCli(['report', dir], (l) => lines.push(l));
  return { dir, code, lines };
}
const editJson = (file: string, edit: (v: any) => any) => fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8'))), null, 2));
const problemsOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'evidence', 'evidence-report.json'), 'utf8')).integrity;

describe('cdk-hipaa report: the assembly must prove the gate ran', () => {
  test('the intact assembly passes, with the receipt recording every pack for every stack', () => {
    const { code, lines, dir } = damaged(() => undefined);
    expect(lines.join('\n')).toMatch(/PASS: 2 stacks/);
    expect(code).toBe(0);
    expect(problemsOf(dir)).toEqual([]);
    const receipt: GateReceipt = JSON.parse(fs.readFileSync(path.join(pristine, GATE_RECEIPT_FILE), 'utf8'));
    expect(receipt.plugins.map((p) => p.name).sort()).toEqual(
      ['AwsSolutions', 'ControlTowerGuardChecks', 'HIPAA.Security', 'HipaaAcknowledgementChecks', 'HipaaGapChecks']);
    for (const p of receipt.plugins) expect(p.templates.map((t) => t.template).sort()).toEqual(['Claims.template.json', 'Records.template.json']);
  });

  test('a deleted validation-report.json fails, naming the file', () => {
    const { code, lines, dir } = damaged((d) => fs.rmSync(path.join(d, 'validation-report.json')));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/validation-report\.json: missing: aws-cdk-lib's validation report/);
    expect(lines.join('\n')).toMatch(/FAIL: 2 stacks/);
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ file: 'validation-report.json' })]);
  });

  test('a validation-report.json replaced by [] fails as unexpected content', () => {
    const { code, lines } = damaged((d) => fs.writeFileSync(path.join(d, 'validation-report.json'), '[]'));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/validation-report\.json: unexpected content: expected aws-cdk-lib's validation report \(an object with pluginReports\), got an array/);
  });

  test('a validation report emptied of its findings (well-formed, not the one written) fails', () => {
    const { code, lines } = damaged((d) => editJson(path.join(d, 'validation-report.json'), (v) => ({ ...v, pluginReports: [] })));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/validation-report\.json: is not the validation report the gate wrote/);
  });

  test('a missing template fails, naming it', () => {
    const { code, lines } = damaged((d) => fs.rmSync(path.join(d, 'Claims.template.json')));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/Claims\.template\.json: missing: the template of stack Claims/);
  });

  test('a corrupt template fails, naming it', () => {
    const { code, lines } = damaged((d) => fs.writeFileSync(path.join(d, 'Records.template.json'), '{"Resources": {'));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/Records\.template\.json: is not valid JSON \(/);
  });

  test('a template changed after the gate judged it fails', () => {
    const { code, lines } = damaged((d) => editJson(path.join(d, 'Records.template.json'), (t) => ({ ...t, Description: 'edited' })));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/Records\.template\.json: changed after pack HIPAA\.Security judged it/);
  });

  test('a pack missing for one stack fails, naming the stack, the pack and the template', () => {
    const { code, lines } = damaged((d) => editJson(path.join(d, GATE_RECEIPT_FILE), (r: GateReceipt) => ({
      ...r, plugins: r.plugins.map((p) => (p.name === 'HipaaGapChecks' ? { ...p, templates: p.templates.filter((t) => t.stack !== 'Claims') } : p)),
    })));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/Claims\.template\.json: pack HipaaGapChecks did not judge stack Claims \(not in cdk-hipaa-gate\.json\)/);
    expect(lines.filter((l) => l.includes('did not judge'))).toHaveLength(1);
  });

  test('a deleted gate receipt fails: nothing shows the packs that passed ran', () => {
    const { code, lines } = damaged((d) => fs.rmSync(path.join(d, GATE_RECEIPT_FILE)));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(new RegExp(`${GATE_RECEIPT_FILE.replace('.', '\\.')}: missing: no record that the cdk-hipaa gate judged this assembly`));
  });

  test('a corrupt gate receipt fails, naming it', () => {
    const { code, lines } = damaged((d) => fs.writeFileSync(path.join(d, GATE_RECEIPT_FILE), 'not json'));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/cdk-hipaa-gate\.json: is not valid JSON/);
  });

  test('a corrupt manifest is an error naming it (exit 2): there is no assembly to judge', () => {
    const { code, lines } = damaged((d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{'));
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/manifest\.json is not valid JSON/);
  });

  test('a manifest pointing a template outside the assembly fails, naming the path', () => {
    const { code, lines } = damaged((d) => editJson(path.join(d, 'manifest.json'), (m) => {
      m.artifacts.Records.properties.templateFile = '../elsewhere.template.json';
      return m;
    }));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/elsewhere\.template\.json: points outside the cloud assembly directory/);
  });

  test('the report itself lists the problems, so an auditor sees why it failed', () => {
    const { dir } = damaged((d) => fs.rmSync(path.join(d, 'Claims.template.json')));
    const report = buildEvidenceReport(dir);
    expect(report.summary).toEqual(expect.objectContaining({ verdict: 'FAIL', integrityProblems: 1 }));
    expect(fs.readFileSync(path.join(dir, 'evidence', 'evidence-report.html'), 'utf8')).toMatch(/Claims\.template\.json/);
  });
});
