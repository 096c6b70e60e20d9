#!/usr/bin/env node
// Bundles one app (apps/<name>/src/main.ts) into dist/apps/<name>/main.js.
// Workspace libraries (@dapr-ts/*) are bundled in; npm packages stay external and load from node_modules,
// so the output runs as `node dist/apps/<name>/main.js` from a checkout with dependencies installed.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: build-app.mjs <app-name>\n');
  process.exit(1);
}
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8'));
const workspaceAliases = new Set(Object.keys(compilerOptions.paths));

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
  plugins: [
    {
      name: 'externalize-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (workspaceAliases.has(args.path) ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
