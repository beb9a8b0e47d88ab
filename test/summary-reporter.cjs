// Prints one plain closing line, 'jest: N passed, N failed[, N skipped]', that CI
// tooling reads; jest's own summary ("Tests: N passed, N total") is not in that form.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}
module.exports = SummaryReporter;
