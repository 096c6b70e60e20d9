// One lint run over the whole workspace (`npm run lint`). Module boundaries follow STYLE.md rule 2.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:component', 'type:contract', 'type:util', 'type:proto'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:contract', 'type:util', 'type:proto'], bannedExternalImports: ['ioredis'] },
  { sourceTag: 'type:component', onlyDependOnLibsWithTags: ['type:contract', 'type:util'] },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract', 'type:util'], bannedExternalImports: ['ioredis', 'express', '@kubernetes/client-node'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:proto', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:proto', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:proto'] },
  { sourceTag: 'scope:daprd', onlyDependOnLibsWithTags: ['scope:daprd', 'scope:shared'] },
  { sourceTag: 'scope:placement', onlyDependOnLibsWithTags: ['scope:placement', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'libs/proto/src/gen/**', '**/*.mjs', '**/*.cjs', '**/*.js', 'tmp/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      '@typescript-eslint/parameter-properties': ['error', { prefer: 'class-property' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type instead of enum (STYLE.md 22).' },
        { selector: 'ExportAllDeclaration[exported=null]', message: 'Name every export; no `export *` (STYLE.md 6).' },
        { selector: 'TSParameterProperty[accessibility="public"]', message: 'No public parameter properties (STYLE.md 22).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'yaml', message: 'Use js-yaml.' },
            { name: 'console', message: 'Use the injected Logger.' },
          ],
          patterns: [{ group: ['@dapr-ts/*/src/*'], message: "Import a library through its index, not its src files." }],
        },
      ],
    },
  },
  {
    files: ['libs/**/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: ['@dapr-ts/state-in-memory', '@dapr-ts/pubsub-in-memory', '@dapr-ts/bindings-cron', '@dapr-ts/bindings-localstorage', '@dapr-ts/secretstores-local-file', '@dapr-ts/secretstores-local-env', '@dapr-ts/conformance', '@dapr-ts/testing'], depConstraints }],
    },
  },
  {
    // Quickstarts print what happens, like Dapr's.
    files: ['bench/**/*.ts', 'e2e/**/*.ts', 'tools/**/*.ts', 'examples/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
