// Records each jest run's totals in tmp/test-results/, so `tools/test-summary.mjs` can print one
// closing line for the whole `npm test` (CI reads a plain "N passed, N failed" line).
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    // Named after the project root, so Nx can cache it as the test target's output.
    const workspace = join(__dirname, '..');
    const file = join(workspace, 'tmp', 'test-results', `${relative(workspace, this.rootDir)}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ rootDir: this.rootDir, passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites, skipped: results.numPendingTests + results.numTodoTests }));
  }
}
module.exports = CountReporter;
