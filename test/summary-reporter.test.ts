import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { summaryLine } = require('./summary-reporter.cjs') as { summaryLine: (results: object, rootDir?: string) => string };

const root = path.join(path.sep, 'repo');
const suite = (file: string, extra: object = {}) => ({ testFilePath: path.join(root, file), numFailingTests: 0, failureMessage: null, ...extra });
const results = (testResults: object[], counts: Partial<Record<'numPassedTests' | 'numFailedTests' | 'numPendingTests' | 'numTodoTests', number>> = {}) =>
  ({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, ...counts, testResults });

describe('jest summary line', () => {
  test('all green', () => {
    expect(summaryLine(results([suite('test/a.test.ts')], { numPassedTests: 12 }), root)).toBe('jest: 12 passed, 0 failed');
  });

  test('failing tests and skipped ones', () => {
    expect(summaryLine(results([suite('test/a.test.ts', { numFailingTests: 2, failureMessage: 'x' })], { numPassedTests: 3, numFailedTests: 2, numPendingTests: 1 }), root))
      .toBe('jest: 3 passed, 2 failed, 1 skipped');
  });

  test('a suite that fails to run counts as a failure and is named', () => {
    const broken = suite('test/constructs/config-rules.test.ts', { testExecError: { message: "ENOENT: no such file or directory, open 'fixtures/missing.md'" }, failureMessage: 'Test suite failed to run' });
    expect(summaryLine(results([suite('test/a.test.ts'), broken], { numPassedTests: 500 }), root))
      .toBe(`jest: 500 passed, 1 failed (1 suite failed to run: ${path.join('test', 'constructs', 'config-rules.test.ts')})`);
  });

  test('a suite that broke outside any test (e.g. in a hook) counts too', () => {
    const hook = suite('test/b.test.ts', { failureMessage: 'afterAll threw' });
    expect(summaryLine(results([hook, suite('test/c.test.ts', { testExecError: { message: 'SyntaxError' } })], { numPassedTests: 4 }), root))
      .toBe(`jest: 4 passed, 2 failed (2 suites failed to run: ${path.join('test', 'b.test.ts')}, ${path.join('test', 'c.test.ts')})`);
  });
});

describe('skipped tests are named', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { skippedLines } = require('./summary-reporter.cjs') as { skippedLines: (results: object, rootDir?: string) => string[] };

  test('a test skipped for a missing tool shows with its reason', () => {
    const file = { ...suite('test/compliance/report-html.test.ts'), testResults: [
      { status: 'pending', fullName: 'evidence report HTML (SKIPPED: needs headless Chromium) renders' }, { status: 'passed', fullName: 'other' }] };
    expect(skippedLines(results([file]), root)).toEqual([
      `jest: skipped ${path.join('test', 'compliance', 'report-html.test.ts')}: evidence report HTML (SKIPPED: needs headless Chromium) renders`]);
  });
});
