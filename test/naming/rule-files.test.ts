/**
 * Rule files (issue 18, layering): one rule per file under lib/compliance/rules/<service>/,
 * named after its id, and one test file per service folder (test/compliance/rules/<service>.test.ts).
 *
 * The naming convention: the file name is the rule id in kebab case, without the leading
 * words that spell the service folder (`S3BucketVersioning` -> s3/bucket-versioning.ts,
 * `CloudTrailCoverage` -> cloudtrail/coverage.ts, `ElbTlsPolicy` -> elbv2/tls-policy.ts: a
 * folder's API version suffix is not part of the service word). An id that does not start
 * with its folder's service keeps every word (`KmsKeyPolicyPrincipalExists` ->
 * deploy/kms-key-policy-principal-exists.ts). Files of a service folder that hold no rule are
 * that service's shared helpers; the top level of rules/ holds only the rule framework.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as rules from '../../lib/compliance/rules';

const root = path.join(__dirname, '..', '..');
const RULES_DIR = path.join(root, 'lib', 'compliance', 'rules');
const RULE_TESTS_DIR = path.join(root, 'test', 'compliance', 'rules');
/** The framework files at the top of rules/: the rule types, the template model, the list. */
const FRAMEWORK = ['app-rule.ts', 'index.ts', 'rule.ts', 'template.ts'];

/** The file name the convention gives rule `id` in service folder `folder`. */
function ruleFileName(folder: string, id: string): string {
  const words = id.split(/(?<=[a-z0-9])(?=[A-Z])/);
  const service = folder.replace(/v\d+$/, '');
  let spelled = '';
  for (let i = 0; i < words.length - 1; i++) {
    spelled += words[i].toLowerCase();
    if (spelled === service) return kebab(words.slice(i + 1));
    if (!service.startsWith(spelled)) break;
  }
  return kebab(words);
}

function kebab(words: string[]): string {
  return `${words.map((w) => w.toLowerCase()).join('-')}.ts`;
}

/** The ids of the rules a module exports (a gap rule or an app-wide rule). */
function rulesExportedBy(exports: Record<string, unknown>): string[] {
  return Object.values(exports)
    .filter((v): v is { id: string } => typeof v === 'object' && v !== null && typeof (v as any).id === 'string'
      && (typeof (v as any).evaluate === 'function' || typeof (v as any).evaluateApp === 'function'))
    .map((rule) => rule.id);
}

/** What breaks the convention, given each rule file's folder, name and exported rule ids. */
function ruleFileProblems(files: ReadonlyArray<{ folder: string; file: string; ids: string[] }>): string[] {
  const out: string[] = [];
  for (const { folder, file, ids } of files) {
    if (ids.length > 1) out.push(`${folder}/${file} holds ${ids.length} rules (${ids.join(', ')}); give each its own file`);
    if (ids.length === 1 && ruleFileName(folder, ids[0]) !== file) out.push(`${folder}/${file} holds ${ids[0]}; name it ${folder}/${ruleFileName(folder, ids[0])}`);
  }
  return out;
}

const folders = fs.readdirSync(RULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const ruleFiles = folders.flatMap((folder) => fs.readdirSync(path.join(RULES_DIR, folder)).filter((f) => f.endsWith('.ts')).map((file) => ({
  folder, file, ids: rulesExportedBy(require(path.join(RULES_DIR, folder, file))),
})));

describe('rule files', () => {
  test('the convention, on examples', () => {
    expect([
      ruleFileName('s3', 'S3BucketVersioning'), ruleFileName('cloudtrail', 'CloudTrailCoverage'), ruleFileName('elbv2', 'ElbTlsPolicy'),
      ruleFileName('dynamodb', 'DynamoDbCustomerManagedKey'), ruleFileName('deploy', 'KmsKeyPolicyPrincipalExists'),
      ruleFileName('logs', 'LogGroupRetention'), ruleFileName('ec2', 'Imdsv2Required'), ruleFileName('cloudtrail', 'PhiStoreDataEvents'),
    ]).toEqual([
      'bucket-versioning.ts', 'coverage.ts', 'tls-policy.ts', 'customer-managed-key.ts', 'kms-key-policy-principal-exists.ts',
      'log-group-retention.ts', 'imdsv2-required.ts', 'phi-store-data-events.ts',
    ]);
  });

  test('the check catches a file with two rules and a file named otherwise than its rule', () => {
    expect(ruleFileProblems([
      { folder: 'elbv2', file: 'https-listener.ts', ids: ['ElbHttpsListener', 'ElbListenerRuleHttps'] },
      { folder: 'ec2', file: 'imdsv2.ts', ids: ['Imdsv2Required'] },
      { folder: 'kms', file: 'aws-managed-alias.ts', ids: [] },
    ])).toEqual([
      'elbv2/https-listener.ts holds 2 rules (ElbHttpsListener, ElbListenerRuleHttps); give each its own file',
      'ec2/imdsv2.ts holds Imdsv2Required; name it ec2/imdsv2-required.ts',
    ]);
  });

  test('every rule file holds one rule, named after its id', () => {
    expect(ruleFileProblems(ruleFiles)).toEqual([]);
  });

  test('every rule of the pack is defined in a rule file of its own (none in the index or the framework)', () => {
    const defined = ruleFiles.flatMap((f) => f.ids).sort();
    expect(defined).toEqual([...rules.GAP_RULES, ...rules.APP_GAP_RULES].map((r) => r.id).sort());
  });

  test('the top level of rules/ holds only the framework', () => {
    const topFiles = fs.readdirSync(RULES_DIR, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    expect(topFiles).toEqual(FRAMEWORK);
  });

  test('rule tests mirror the rule tree: one test file per service folder, none for a folder that is gone', () => {
    const tests = fs.readdirSync(RULE_TESTS_DIR).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.test\.ts$/, '')).sort();
    expect(tests).toEqual(folders);
  });

  test('each rule id is named in its service folder\'s test file', () => {
    const missing = ruleFiles.flatMap(({ folder, ids }) => {
      const source = fs.readFileSync(path.join(RULE_TESTS_DIR, `${folder}.test.ts`), 'utf8');
      return ids.filter((id) => !source.includes(id)).map((id) => `${id} in test/compliance/rules/${folder}.test.ts`);
    });
    expect(missing).toEqual([]);
  });
});
