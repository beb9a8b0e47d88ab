import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { applyHipaaChecks, buildEvidenceReport, HipaaBucket, HipaaCheckPack, HipaaConfigRules, HipaaTable, HipaaTrail, renderHtml, renderMarkdown, suppress, TrailDataEvents } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { runReportCli, safeguardsOf } from '../../lib/compliance/report';
import { testApp } from '../helpers';

const USER_REASON = 'Versioning is suspended in this fixture only; the HipaaGap finding stays open to show one.';

/**
 * Synthesizes one stack with a HipaaBucket; `weaken` turns versioning off through an escape hatch (a known
 * finding), acknowledges the Control Tower versioning control with a good reason and one AwsSolutions rule
 * with a reason the gate rejects (made with aws-cdk-lib's API, not suppress()).
 */
function assembly(weaken: boolean): string {
  const app = testApp();
  const stack = new Stack(app, 'Records');
  const phi = new HipaaBucket(stack, 'Phi');
  if (weaken) {
    (phi.bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('VersioningConfiguration.Status', 'Suspended');
    suppress(phi.bucket, 'ControlTower-CT.S3.PR.11', USER_REASON);
    Validations.of(stack).acknowledge({ id: 'AwsSolutions-S10', reason: 'ok' });
  }
  applyHipaaChecks(app, { disabledPacks: { [HipaaCheckPack.NIST_800_53_R5]: 'Covered by the HIPAA pack for this test; NIST is checked elsewhere.' } });
  try {
    app.synth();
  } catch {
    // synth fails on the finding; the assembly and its validation report are written first
  }
  return app.outdir;
}

describe('evidence report of a stack with a known finding and known acknowledgements', () => {
  const dir = assembly(true);
  const report = buildEvidenceReport(dir, new Date('2026-11-23T00:00:00Z'));
  const stack = report.stacks.find((s) => s.name === 'Records')!;

  test('fails, with the finding named, located and described', () => {
    expect(report.summary.verdict).toBe('FAIL');
    expect(report.summary.unsuppressedFindings).toBeGreaterThanOrEqual(1);
    expect(stack.findings).toEqual(expect.arrayContaining([expect.objectContaining({
      plugin: 'HipaaGapChecks', rule: 'HipaaGap-S3BucketVersioning', paths: [expect.stringMatching(/^Records\/Phi\/Bucket/)],
    })]));
  });

  test('every plugin has its result, CloudFormation Validate and the acknowledgement checks included; the disabled pack carries its reason', () => {
    expect(stack.packs.map((p) => [p.pack, p.status])).toEqual([
      ['HIPAA.Security', 'passed'], ['AwsSolutions', 'passed'], ['HipaaGapChecks', 'failed'], ['ControlTowerGuardChecks', 'passed'],
      ['HipaaAcknowledgementChecks', 'failed'], ['NIST.800.53.R5', 'disabled'], ['CloudFormation Validate', 'off']]);
    expect(stack.packs).toContainEqual({
      pack: 'NIST.800.53.R5', status: 'disabled', findings: 0, acknowledged: 0, rules: [], reason: 'Covered by the HIPAA pack for this test; NIST is checked elsewhere.' });
    expect(stack.packs.find((p) => p.pack === 'CloudFormation Validate')!.reason).toMatch(/builtinCloudFormationValidation: false/);
    expect(stack.packs.find((p) => p.pack === 'ControlTowerGuardChecks')).toEqual(expect.objectContaining({ findings: 0, acknowledged: 3 }));
  });

  test('each pack lists the rules it ran (JSON), and the table counts them', () => {
    const rulesOf = (pack: string) => stack.packs.find((p) => p.pack === pack)!.rules;
    expect(rulesOf('HipaaGapChecks')).toEqual([...rules.GAP_RULES, ...rules.APP_GAP_RULES].map((r) => `HipaaGap-${r.id}`).sort());
    expect(rulesOf('HIPAA.Security')).toEqual(expect.arrayContaining(['HIPAA.Security-S3BucketVersioningEnabled', 'HIPAA.Security-RDSStorageEncrypted']));
    expect(rulesOf('HIPAA.Security').length).toBeGreaterThan(50);
    expect(rulesOf('ControlTowerGuardChecks')).toContain('ControlTower-CT.S3.PR.11');
    expect(rulesOf('HipaaAcknowledgementChecks')).toEqual(['HipaaAck-Reason']);
    expect(renderMarkdown(report)).toMatch(new RegExp(`\\| HIPAA\\.Security \\| passed \\| ${rulesOf('HIPAA.Security').length} \\| 0 \\| \\d+ \\|`));
    const html = renderHtml(report);
    expect(html).toContain(`<details class="pack-rules" id="rules-s-HipaaGapChecks"><summary>HipaaGapChecks: ${rulesOf('HipaaGapChecks').length} rules</summary><ul class="rules"><li>HipaaGap-`);
  });

  test('acknowledgements are grouped by who made them: yours and shipped with cdk-hipaa', () => {
    const mine = stack.acknowledgements.filter((a) => a.origin === 'yours');
    expect(mine.map((a) => a.rule).sort()).toEqual(['AwsSolutions-S10', 'ControlTower-CT.S3.PR.11']);
    expect(stack.acknowledgements.filter((a) => a.origin === 'shipped').map((a) => a.rule))
      .toEqual(expect.arrayContaining(['HIPAA.Security-S3BucketReplicationEnabled', 'AwsSolutions-S1']));
    expect(report.summary.acknowledgementsByOrigin).toEqual({ yours: 2, shipped: stack.acknowledgements.length - 2 });
    const md = renderMarkdown(report);
    expect(md).toMatch(/#### Yours \(2\)\n\n\| rule \| where \| reason \|\n\|---\|---\|---\|\n/);
    expect(md).toMatch(/#### Shipped with cdk-hipaa \(\d+\)/);
    expect(md.indexOf('#### Yours')).toBeLessThan(md.indexOf('#### Shipped with cdk-hipaa'));
  });

  test("an acknowledgement whose reason the gate rejected is shown as a FAIL with the gate's words", () => {
    const rejected = stack.acknowledgements.find((a) => a.rule === 'AwsSolutions-S10')!;
    expect(rejected).toEqual(expect.objectContaining({ reason: 'ok', origin: 'yours', problem: expect.stringMatching(/does not justify itself: reason 'ok' is 2 characters/) }));
    expect(report.summary.rejectedAcknowledgements).toBe(1);
    expect(renderHtml(report)).toMatch(/<tr class="rejected"><td><span class="fail">FAIL<\/span> AwsSolutions-S10<\/td><td>Records<\/td><td>ok<br><strong>Rejected by the gate:<\/strong>/);
  });

  test('a safeguard acknowledged away on a resource is shown as such, with the rule, who and why', () => {
    const bucket = stack.resources.find((r) => r.type === 'AWS::S3::Bucket' && r.path.startsWith('Records/Phi/'))!;
    expect(bucket.acknowledged).toContainEqual({
      plugin: 'ControlTowerGuardChecks', rule: 'ControlTower-CT.S3.PR.11', reason: USER_REASON, origin: 'yours', safeguards: ['integrity §164.312(c)(1)'] });
    expect(renderHtml(report)).toContain(`<span class="chip away">integrity §164.312(c)(1) acknowledged away</span><code>ControlTower-CT.S3.PR.11</code> <span class="origin">(yours)</span>: ${USER_REASON}`);
    expect(report.matrix.find((m) => m.safeguard === 'integrity §164.312(c)(1)')!.stacks).toEqual([{ stack: 'Records', implemented: expect.any(Number), acknowledged: 1 }]);
  });

  test('every acknowledgement is listed with its reason', () => {
    expect(stack.acknowledgements).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'HIPAA.Security-S3BucketReplicationEnabled', path: 'Records/Phi/Bucket', reason: expect.stringMatching(/AWS Backup/) }),
      expect.objectContaining({ rule: 'HIPAA.Security-S3DefaultEncryptionKMS', path: expect.stringMatching(/CdkHipaaServiceLogs/) }),
    ]));
    for (const a of stack.acknowledgements.filter((x) => !x.problem)) expect(a.reason.length).toBeGreaterThanOrEqual(30);
  });

  test('resources are mapped to the safeguards they implement', () => {
    const bucket = stack.resources.find((r) => r.type === 'AWS::S3::Bucket' && r.path.startsWith('Records/Phi/'))!;
    expect(bucket.safeguards).toEqual(expect.arrayContaining(['encryption at rest §164.312(a)(2)(iv)', 'access control §164.312(a)(1)', 'audit controls §164.312(b)']));
    expect(bucket.safeguards).not.toContain('integrity §164.312(c)(1)'); // versioning was suspended
    expect(report.summary.safeguards['encryption at rest §164.312(a)(2)(iv)']).toBeGreaterThan(0);
  });

  test('the CLI writes JSON, Markdown and HTML and exits 1', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    const lines: string[] = [];
    expect(runReportCli(['report', dir, '--out', out], (l) => lines.push(l))).toBe(1);
    expect(lines.join()).toMatch(/FAIL: 1 stacks, \d+ resources, 2 unsuppressed findings, \d+ acknowledged \(2 yours, \d+ shipped with cdk-hipaa\)/);
    const md = fs.readFileSync(path.join(out, 'evidence-report.md'), 'utf8');
    expect(md).toMatch(/\*\*Verdict: FAIL\*\*/);
    expect(md).toMatch(/\| HipaaGapChecks \| HipaaGap-S3BucketVersioning \| Records\/Phi\/Bucket/);
    expect(md).toMatch(/\| HIPAA.Security-S3BucketReplicationEnabled \| Records\/Phi\/Bucket \| .*AWS Backup/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'evidence-report.json'), 'utf8')).summary.verdict).toBe('FAIL');
    expect(fs.readFileSync(path.join(out, 'evidence-report.html'), 'utf8')).toMatch(/<span class="verdict FAIL"/);
  });
});

describe('evidence report of a clean stack', () => {
  test('passes and the CLI exits 0', () => {
    const dir = assembly(false);
    const lines: string[] = [];
    expect(runReportCli(['report', dir], (l) => lines.push(l))).toBe(0);
    expect(lines.join()).toMatch(/PASS: 1 stacks, \d+ resources, 0 unsuppressed findings/);
    // The same place the gate writes it after synth: one location for both.
    expect(fs.existsSync(path.join(dir, 'evidence', 'evidence-report.html'))).toBe(true);
  });

  test('an assembly synthesized without the checks is not a pass', () => {
    const app = testApp();
    new HipaaBucket(new Stack(app, 'Unchecked'), 'Phi');
    app.synth();
    const report = buildEvidenceReport(app.outdir);
    expect(report.stacks[0].packs).toEqual([]);
    expect(report.summary.verdict).toBe('FAIL');
  });

  test('bad usage exits 2 with the usage line', () => {
    const lines: string[] = [];
    expect(runReportCli(['report'], (l) => lines.push(l))).toBe(2);
    expect(runReportCli(['report', '/nonexistent-dir'], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/usage: cdk-hipaa report <cloud assembly dir/);
    expect(lines.join('\n')).toMatch(/is not a cloud assembly/);
  });

  test('safeguard mapping reads final properties', () => {
    expect(safeguardsOf('AWS::RDS::DBInstance', { StorageEncrypted: true, PubliclyAccessible: false })).toEqual(['encryption at rest §164.312(a)(2)(iv)', 'access control §164.312(a)(1)']);
    expect(safeguardsOf('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } })).toEqual(['encryption in transit §164.312(e)(1)']);
    expect(safeguardsOf('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '0' } })).toEqual([]);
    expect(safeguardsOf('AWS::Unknown::Thing', {})).toEqual([]);
  });
});

describe('evidence report of AWS Config rules left out', () => {
  test('each excluded rule is listed with where and why, in JSON, Markdown and HTML', () => {
    const app = testApp();
    const reason = 'Object Lock is applied per bucket where records require WORM retention, not account-wide.';
    new HipaaConfigRules(new Stack(app, 'Audit'), 'Rules', { excludedRules: { S3_BUCKET_DEFAULT_LOCK_ENABLED: reason } });
    app.synth();
    const report = buildEvidenceReport(app.outdir);
    expect(report.stacks[0].configExclusions).toEqual([{ path: 'Audit/Rules', rule: 'S3_BUCKET_DEFAULT_LOCK_ENABLED', reason }]);
    expect(renderMarkdown(report)).toContain(`### AWS Config rules left out\n\n| rule | where | reason |\n|---|---|---|\n| S3_BUCKET_DEFAULT_LOCK_ENABLED | Audit/Rules | ${reason} |`);
    expect(renderHtml(report)).toMatch(/<h3>AWS Config rules left out<\/h3><table class="config-exclusions">.*<td>S3_BUCKET_DEFAULT_LOCK_ENABLED<\/td><td>Audit\/Rules<\/td>/);
  });
});

describe('evidence report traceability', () => {
  test('evidence-report.json carries the matrix in the documented shape, and the Markdown renders it', () => {
    const app = testApp();
    new HipaaBucket(new Stack(app, 'Records'), 'Phi');
    app.synth();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-trace-'));
    expect(runReportCli(['report', app.outdir, '--out', out], () => undefined)).toBe(1); // not checked: FAIL, but written
    const json = JSON.parse(fs.readFileSync(path.join(out, 'evidence-report.json'), 'utf8'));
    const row = json.traceability.find((r: any) => r.control === '164.312(e)(1)');
    expect(Object.keys(row).sort()).toEqual(['checks', 'control', 'implementedBy', 'tests', 'title']);
    expect(row.title).toBe('Transmission security');
    expect(row.checks).toContainEqual({ pack: 'HipaaGapChecks', rule: 'HipaaGap-S3BucketTlsPolicy' });
    expect(row.implementedBy).toContainEqual({ construct: 'HipaaBucket', safeguard: 'bucket policy denies plain HTTP and TLS older than 1.2' });
    expect(row.tests).toContainEqual({ file: 'test/constructs/bucket.test.ts', name: 'denies plain HTTP and TLS older than 1.2 for every action' });
    const md = fs.readFileSync(path.join(out, 'evidence-report.md'), 'utf8');
    expect(md).toMatch(/## Traceability matrix\n/);
    expect(md).toMatch(/\| 164\.312\(e\)\(1\) \| Transmission security \| .*\*\*HipaaGapChecks\*\*: [^|]*HipaaGap-S3BucketTlsPolicy/);
  });
});

describe('a plugin the app registered itself', () => {
  test('is listed in the pack table with its findings', () => {
    const app = testApp();
    const stack = new Stack(app, 'Own');
    new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
    applyHipaaChecks(app, { disabledPacks: { [HipaaCheckPack.NIST_800_53_R5]: 'Covered by the HIPAA pack for this test; NIST is checked elsewhere.' } });
    Validations.of(app).addPlugins({
      name: 'TeamRules', version: '1.0.0',
      validate: (ctx) => ({ success: false, violations: [{ ruleName: 'Team-1', description: 'a team rule', severity: 'error',
        violatingResources: [{ resourceLogicalId: 'Topic', templatePath: ctx.templatePaths[0], locations: [] }] }] }),
    });
    expect(() => app.synth()).toThrow();
    const own = buildEvidenceReport(app.outdir).stacks[0];
    expect(own.packs.find((p) => p.pack === 'TeamRules')).toEqual(expect.objectContaining({ status: 'failed', findings: 1 }));
  });
});

describe('an app whose stacks are in a Stage (nested cloud assembly)', () => {
  test('every stack of the nested assembly is judged, proven and reported', () => {
    const app = testApp();
    const prod = new Stage(app, 'Prod');
    new CfnResource(new Stack(prod, 'Api'), 'Topic', { type: 'AWS::SNS::Topic', properties: { KmsMasterKeyId: 'alias/placeholder' } });
    applyHipaaChecks(app, { disabledPacks: { [HipaaCheckPack.NIST_800_53_R5]: 'Covered by the HIPAA pack for this test; NIST is checked elsewhere.' } });
    try {
      app.synth();
    } catch {
      // a finding on the bare topic is expected; the report is what is under test
    }
    const report = buildEvidenceReport(app.outdir);
    expect(report.integrity).toEqual([]);
    expect(report.stacks.map((s) => [s.name, s.templateFile])).toEqual([['Prod/Api', expect.stringMatching(/^assembly-Prod\/.*\.template\.json$/)]]);
    expect(report.stacks[0].packs.filter((p) => p.status === 'not run')).toEqual([]);
    expect(report.stacks[0].packs.map((p) => p.pack)).toEqual(expect.arrayContaining(['HIPAA.Security', 'HipaaGapChecks', 'ControlTowerGuardChecks']));
  });
});

describe('evidence report: who read PHI (data events per PHI store)', () => {
  const app = testApp();
  const audit = new Stack(app, 'Audit');
  new HipaaTrail(audit, 'Trail', { alarmNoSubscriberReason: 'A test app: nobody is paged by a unit test.' });
  const records = new Stack(app, 'Records');
  new HipaaBucket(records, 'Phi');
  new HipaaTable(records, 'Patients', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  // Narrowed to one bucket: the table's reads are no longer recorded by this trail.
  const narrow = new Stack(app, 'Narrow');
  const other = new HipaaBucket(narrow, 'Other');
  new HipaaTrail(narrow, 'Trail', { alarmNoSubscriberReason: 'A test app: nobody is paged by a unit test.', dataEvents: TrailDataEvents.of({ buckets: [other.bucket] }) });
  app.synth();
  const report = buildEvidenceReport(app.outdir);
  const row = (p: RegExp) => report.dataEvents.filter((r) => p.test(r.path));

  test('every PHI bucket and table is listed with the trails that record its reads and writes', () => {
    expect(report.trails).toBe(2);
    expect(row(/^Records\/Phi\/Bucket/)).toEqual([expect.objectContaining({ stack: 'Records', type: 'AWS::S3::Bucket',
      recordedBy: [expect.objectContaining({ stack: 'Audit', path: expect.stringMatching(/^Audit\/Trail\/Trail/) })] })]);
    expect(row(/^Records\/Patients/)).toEqual([expect.objectContaining({ type: 'AWS::DynamoDB::Table', recordedBy: [expect.objectContaining({ stack: 'Audit' })] })]);
    // The narrowed trail records its one bucket; the account-wide trail records it too.
    expect(row(/^Narrow\/Other\/Bucket/)[0].recordedBy.map((t) => t.stack).sort()).toEqual(['Audit', 'Narrow']);
  });

  test('the Markdown and HTML render the section', () => {
    const md = renderMarkdown(report);
    expect(md).toMatch(/## Who read PHI: data events per PHI store/);
    expect(md).toMatch(/\| Records\/Patients\/Table[^|]* \| Records \| AWS::DynamoDB::Table \| [^|]*\(Audit\) \|/);
    expect(renderHtml(report)).toMatch(/<section id="data-events">[\s\S]*<td>AWS::S3::Bucket<\/td>/);
  });

  test('a PHI store no trail records says so; an app without a trail names the organization trail', () => {
    const lonely = testApp();
    new HipaaBucket(new Stack(lonely, 'Lonely'), 'Phi');
    lonely.synth();
    const noTrail = buildEvidenceReport(lonely.outdir);
    expect(noTrail.trails).toBe(0);
    expect(renderMarkdown(noTrail)).toMatch(/\| Lonely\/Phi\/Bucket[^|]* \| Lonely \| AWS::S3::Bucket \| no trail in this app \(an organization trail must record it\) \|/);
    const uncovered = { ...report, dataEvents: [{ stack: 'S', path: 'S/T', type: 'AWS::DynamoDB::Table' as const, recordedBy: [] }] };
    expect(renderMarkdown(uncovered)).toMatch(/\| S\/T \| S \| AWS::DynamoDB::Table \| NOT RECORDED by any trail of this app \|/);
  });
});
