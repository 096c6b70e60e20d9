// Records each jest run's totals in tmp/test-results/, so `tools/test-summary.mjs` can print one
// closing line for the whole `npm test` (CI reads a plain "N passed, N failed" line).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', 'tmp', 'test-results');
    mkdirSync(dir, { recursive: true });
    const name = this.rootDir.replace(/[^a-zA-Z0-9]+/g, '_');
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ rootDir: this.rootDir, passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites, skipped: results.numPendingTests + results.numTodoTests }));
  }
}
module.exports = CountReporter;
