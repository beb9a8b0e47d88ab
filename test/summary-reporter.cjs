// Prints one plain closing line, 'jest: N passed, N failed[, N skipped]', that CI
// tooling reads; jest's own summary ("Tests: N passed, N total") is not in that form.
// A suite that fails to run (a syntax error, a missing file it reads at load, a throw
// in a describe body) has no failing test, so jest's numFailedTests leaves it out:
// each such suite counts as one failure here and is named on the line.
const path = require('path');

/** Suites that failed without a failing test: they did not run (or broke outside a test). */
function brokenSuites(results) {
  return results.testResults.filter((r) => r.testExecError || (r.numFailingTests === 0 && r.failureMessage));
}

/** The closing line for jest's aggregated results. */
function summaryLine(results, rootDir = process.cwd()) {
  const broken = brokenSuites(results);
  const failed = results.numFailedTests + broken.length;
  const skipped = results.numPendingTests + results.numTodoTests;
  let line = `jest: ${results.numPassedTests} passed, ${failed} failed`;
  if (skipped) line += `, ${skipped} skipped`;
  if (broken.length) {
    const names = broken.map((r) => path.relative(rootDir, r.testFilePath));
    line += ` (${broken.length} ${broken.length === 1 ? 'suite' : 'suites'} failed to run: ${names.join(', ')})`;
  }
  return line;
}

/**
 * One line per skipped test, by name, so a test skipped for a missing tool shows in CI's
 * output; such a test says why in its title (e.g. "SKIPPED: ... needs chromium").
 */
function skippedLines(results, rootDir = process.cwd()) {
  const lines = [];
  for (const file of results.testResults) {
    for (const t of file.testResults ?? []) {
      if (['pending', 'skipped', 'todo'].includes(t.status)) lines.push(`jest: skipped ${path.relative(rootDir, file.testFilePath)}: ${t.fullName}`);
    }
  }
  return lines;
}

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig?.rootDir ?? process.cwd();
  }

  onRunComplete(_contexts, results) {
    for (const line of skippedLines(results, this.rootDir)) process.stdout.write(`${line}\n`);
    process.stdout.write(`${summaryLine(results, this.rootDir)}\n`);
  }
}

module.exports = SummaryReporter;
module.exports.summaryLine = summaryLine;
module.exports.skippedLines = skippedLines;
