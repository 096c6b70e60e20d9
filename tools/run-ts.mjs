#!/usr/bin/env node
// Runs a TypeScript entry point (bench, scripts) by bundling it with esbuild to a temp file first,
// resolving workspace libraries through the tsconfig path aliases. npm packages stay external.
import { build } from 'esbuild';
import { readFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-ts.mjs <entry.ts> [args...]\n');
  process.exit(1);
}
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8'));
const aliases = new Set(Object.keys(compilerOptions.paths));
mkdirSync('tmp', { recursive: true });
const outfile = join('tmp', `${basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  tsconfig: 'tsconfig.base.json',
  logLevel: 'warning',
  plugins: [{ name: 'externals', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (aliases.has(a.path) ? undefined : { path: a.path, external: true })) }],
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
