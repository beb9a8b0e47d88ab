// Prints the skipped tests by name, then one plain closing line, 'jest: N passed, N failed[, N skipped]',
// that CI tooling reads; jest's own summary ("Tests: N passed, N total") is not in that form and names
// no skipped test. A test skipped for a missing tool says why in its title (e.g. "SKIPPED: ... needs chromium").
const path = require('path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') {
          process.stdout.write(`jest: skipped ${path.relative(process.cwd(), file.testFilePath)}: ${t.fullName}\n`);
        }
      }
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}
module.exports = SummaryReporter;
