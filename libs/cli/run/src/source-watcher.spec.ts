import { isIgnoredChange } from './source-watcher';

describe('isIgnoredChange()', () => {
  it.each([
    ['app.ts', false],
    ['src/orders/handler.ts', false],
    ['node_modules/x/index.js', true],
    ['.git/index', true],
    ['.dapr/logs/app.log', true],
    ['dist/main.js', true],
    ['tmp/out.json', true],
    ['.env', true],
    ['src/.eslintcache', true],
    ['node_modules.txt', false],
  ])('%s → ignored: %s', (path, ignored) => {
    expect(isIgnoredChange(path)).toBe(ignored);
  });
});
