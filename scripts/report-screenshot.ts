/**
 * Regenerates docs/evidence-report.png, the README's picture of the evidence report:
 * synthesizes a small gated app (two stacks, one acknowledgement of yours), writes the
 * report and has headless Chromium paint the top of the page. `npm run docs:screenshot`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { applyHipaaChecks, HipaaBackupPlan, HipaaBucket, HipaaKey, HipaaTable, suppress, writeEvidenceReport } from '../lib';

const repo = path.join(__dirname, '..');
const target = path.join(repo, 'docs', 'evidence-report.png');
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].map((name) => {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}).find((p) => p);
if (!chromium) throw new Error('needs headless Chromium (apt-get install chromium)');

const context = JSON.parse(fs.readFileSync(path.join(repo, 'cdk.json'), 'utf8')).context;
const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-shot-')), context: { ...context, 'aws:cdk:bundling-stacks': [] } });
const records = new Stack(app, 'PatientRecords');
const key = new HipaaKey(records, 'Key');
const files = new HipaaBucket(records, 'Files', { encryptionKey: key.key });
const table = new HipaaTable(records, 'Visits', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, encryptionKey: key.key });
new HipaaBackupPlan(records, 'Backup', { resources: [files, table] });
suppress(table.table, 'HIPAA.Security-DynamoDBAutoScalingEnabled', 'On-demand capacity: the table scales with traffic without an Application Auto Scaling policy.');
new HipaaBucket(new Stack(app, 'Imaging'), 'Studies');
applyHipaaChecks(app, { summary: false });
app.synth();

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-shot-report-'));
const report = writeEvidenceReport(app.outdir, out);
fs.mkdirSync(path.dirname(target), { recursive: true });
execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars',
  `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'))}`, '--window-size=1000,900', `--screenshot=${target}`,
  `file://${path.join(out, 'evidence-report.html')}`], { stdio: 'ignore', timeout: 120_000 });
// eslint-disable-next-line no-console
console.log(`${path.relative(repo, target)}: ${fs.statSync(target).size} bytes (report ${report.summary.verdict})`);
