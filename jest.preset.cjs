// One jest configuration for every project; each project runs it with `--rootDir <projectRoot>`.
// Workspace libraries resolve through the tsconfig path aliases, mapped here to absolute paths.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    // ESM-only dependencies, compiled to CommonJS for jest (esbuild bundles them as they are).
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // src/ only: a component folder nested inside its contract's folder is a project of its own.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/suite/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper,
  reporters: ['default', path.join(__dirname, 'tools/jest-count-reporter.cjs')],
};
