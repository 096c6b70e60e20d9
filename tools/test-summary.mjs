#!/usr/bin/env node
// Prints the closing line of `npm test`: totals over every jest run recorded in tmp/test-results/.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'tmp/test-results';
if (process.argv[2] === '--reset') {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
let passed = 0;
let failed = 0;
let skipped = 0;
const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
for (const file of files) {
  const r = JSON.parse(readFileSync(join(dir, String(file)), 'utf8'));
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
