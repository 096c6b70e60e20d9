#!/usr/bin/env node
// Bundles one app (apps/<name>/src/main.ts) with everything it imports, workspace libraries and npm
// packages alike, into dist/apps/<name>/main.js: one file to load (start-up reads one file instead of
// hundreds) and a self-contained artefact for container images.
import { chmodSync, copyFileSync } from 'node:fs';
import { build } from 'esbuild';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: build-app.mjs <app-name>\n');
  process.exit(1);
}
await build({
  entryPoints: [`apps/${name}/src/main.ts`],
  outfile: `dist/apps/${name}/main.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  tsconfig: 'tsconfig.base.json',
  logLevel: 'warning',
  legalComments: 'linked',
});
// Executable, so the bundle runs as a command (the CLI is the root package's `dapr` bin).
chmodSync(`dist/apps/${name}/main.js`, 0o755);
// WebAssembly the bundled code reads from its own folder at run time (node-sqlite3-wasm looks for
// its .wasm next to the script that loaded it), copied so the bundle stays self-contained.
if (name === 'daprd') copyFileSync('node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm', `dist/apps/${name}/node-sqlite3-wasm.wasm`);
