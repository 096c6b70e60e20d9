#!/usr/bin/env node
// Creates a library project: project.json, src/index.ts and the tsconfig path alias.
// Usage: node tools/scaffold-lib.mjs <dir> <import-name> <type> <scope>
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, importName, type, scope] = process.argv.slice(2);
if (!dir || !importName || !type || !scope) {
  process.stderr.write('usage: scaffold-lib.mjs <dir> <@dapr-ts/name> <type> <scope>\n');
  process.exit(1);
}
const name = importName.replace('@dapr-ts/', '');
mkdirSync(join(dir, 'src'), { recursive: true });
const project = {
  name,
  $schema: `${relative(dir, 'node_modules/nx/schemas/project-schema.json')}`,
  sourceRoot: `${dir}/src`,
  projectType: 'library',
  tags: [`type:${type}`, `scope:${scope}`],
  targets: { test: {} },
};
if (!existsSync(join(dir, 'project.json'))) writeFileSync(join(dir, 'project.json'), JSON.stringify(project, null, 2) + '\n');
if (!existsSync(join(dir, 'src/index.ts'))) writeFileSync(join(dir, 'src/index.ts'), '');
const tsconfig = JSON.parse(readFileSync('tsconfig.base.json', 'utf8'));
tsconfig.compilerOptions.paths[importName] = [`${dir}/src/index.ts`];
tsconfig.compilerOptions.paths = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).sort());
writeFileSync('tsconfig.base.json', JSON.stringify(tsconfig, null, 2) + '\n');
