#!/usr/bin/env node
// Prints the closing line of `npm test`: totals over every jest run recorded in tmp/test-results/.
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const dir = 'tmp/test-results';
if (process.argv[2] === '--reset') {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir)) {
  const r = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
