import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runSecretStoreConformance } from '@dapr-ts/conformance';
import { SecretStoreFeature } from '@dapr-ts/components-secretstores';
import { LocalFileSecretStore } from './local-file-secret-store';

// Fixtures are written synchronously at load time: the conformance tables below need their paths.
const dir = mkdtempSync(join(tmpdir(), 'local-file-secret-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The example from the Dapr docs (file-secret-store). */
const docsFile = fixture('secrets.json', {
  redisPassword: 'your redis password',
  connectionStrings: { sql: 'your sql connection string', mysql: 'your mysql connection string' },
});

runSecretStoreConformance({
  name: 'secretstores.local.file',
  create: () => new LocalFileSecretStore(),
  metadata: { secretsFile: docsFile },
  expected: {
    redisPassword: { redisPassword: 'your redis password' },
    'connectionStrings:sql': { 'connectionStrings:sql': 'your sql connection string' },
    'connectionStrings:mysql': { 'connectionStrings:mysql': 'your mysql connection string' },
  },
  operations: ['bulk'],
});

runSecretStoreConformance({
  name: 'secretstores.local.file (multiValued)',
  create: () => new LocalFileSecretStore(),
  metadata: { secretsFile: docsFile, multiValued: 'true' },
  expected: {
    redisPassword: { redisPassword: 'your redis password' },
    connectionStrings: { sql: 'your sql connection string', mysql: 'your mysql connection string' },
  },
  operations: ['bulk', 'multiple-values'],
});

describe('LocalFileSecretStore', () => {
  const signal = new AbortController().signal;

  async function open(properties: Record<string, string>): Promise<LocalFileSecretStore> {
    const store = new LocalFileSecretStore();
    await store.init({ name: 'secrets', properties }, signal);
    return store;
  }
  async function initError(properties: Record<string, string>): Promise<unknown> {
    return open(properties).then(
      () => 'no error',
      (err: unknown) => err,
    );
  }

  describe('.getSecret()', () => {
    it('returns a nested value under its flattened name', async () => {
      const store = await open({ secretsFile: docsFile });
      await expect(store.getSecret({ name: 'connectionStrings:sql', metadata: {} }, signal)).resolves.toEqual({ 'connectionStrings:sql': 'your sql connection string' });
    });

    it('joins nested names with nestedSeparator', async () => {
      const store = await open({ secretsFile: docsFile, nestedSeparator: '.' });
      await expect(store.getSecret({ name: 'connectionStrings.sql', metadata: {} }, signal)).resolves.toEqual({ 'connectionStrings.sql': 'your sql connection string' });
    });

    it('flattens arrays by index and prints numbers, booleans and null as strings', async () => {
      const file = fixture('scalars.json', { list: ['a', { b: 'c' }], port: 5432, ratio: 0.5, on: true, none: null });
      const store = await open({ secretsFile: file });
      await expect(store.bulkGetSecret({}, signal)).resolves.toEqual({
        'list:0': { 'list:0': 'a' },
        'list:1:b': { 'list:1:b': 'c' },
        port: { port: '5432' },
        ratio: { ratio: '0.5' },
        on: { on: 'true' },
        none: { none: '' },
      });
    });

    it('keeps a secret named __proto__ as an ordinary secret', async () => {
      const store = await open({ secretsFile: fixture('proto.json', '{"__proto__":"p","x":{"__proto__":"q"}}') });
      await expect(store.getSecret({ name: '__proto__', metadata: {} }, signal)).resolves.toEqual(JSON.parse('{"__proto__":"p"}'));
      await expect(store.getSecret({ name: 'x:__proto__', metadata: {} }, signal)).resolves.toEqual({ 'x:__proto__': 'q' });
    });
  });

  describe('multiValued', () => {
    it('flattens everything below the top level into the secret and keeps top-level scalars', async () => {
      const file = fixture('multi.json', { db: { user: 'u', opts: { ssl: true, ports: [1, 2] } }, port: 5432, empty: {} });
      const store = await open({ secretsFile: file, multiValued: 'true', nestedSeparator: '/' });
      await expect(store.bulkGetSecret({}, signal)).resolves.toEqual({
        db: { user: 'u', 'opts/ssl': 'true', 'opts/ports/0': '1', 'opts/ports/1': '2' },
        port: { port: '5432' },
        empty: {},
      });
    });
  });

  describe('.features()', () => {
    it.each([
      [{}, []],
      [{ multiValued: 'false' }, []],
      [{ multiValued: 'true' }, [SecretStoreFeature.MultipleKeyValuesPerSecret]],
    ])('with %j returns %j', async (extra, features) => {
      const store = await open({ secretsFile: docsFile, ...extra });
      expect(store.features()).toEqual(features);
    });
  });

  describe('.init()', () => {
    it('matches metadata names case-insensitively', async () => {
      const store = await open({ SecretsFile: docsFile, MULTIVALUED: 'true' });
      expect(store.features()).toEqual([SecretStoreFeature.MultipleKeyValuesPerSecret]);
    });

    it('resolves a relative secretsFile against the working directory', async () => {
      const store = await open({ secretsFile: relative(process.cwd(), docsFile) });
      await expect(store.getSecret({ name: 'redisPassword', metadata: {} }, signal)).resolves.toEqual({ redisPassword: 'your redis password' });
    });

    it('requires secretsFile', async () => {
      expect(await initError({ nestedSeparator: ':' })).toMatchObject({ name: 'MetadataError', field: 'secretsFile', message: 'metadata field "secretsFile": is required' });
    });

    it.each([
      ['a missing file', join(dir, 'nope.json'), /cannot read secrets file .*nope\.json: ENOENT/],
      ['malformed JSON', fixture('bad.json', '{"a": '), /secrets file .*bad\.json is not valid JSON/],
      ['a top-level array', fixture('array.json', ['a']), /secrets file .*array\.json must hold a JSON object/],
      ['names that collide once flattened', fixture('dup.json', '{"a:b":"x","a":{"b":"y"}}'), /dup\.json: more than one value flattens to the name "a:b"/],
    ])('rejects %s with a MetadataError naming secretsFile and the path', async (_what, path, message) => {
      const err = await initError({ secretsFile: path });
      expect(err).toMatchObject({ name: 'MetadataError', field: 'secretsFile' });
      expect((err as Error).message).toMatch(message);
    });
  });

  describe('.close()', () => {
    it('forgets the secrets', async () => {
      const store = await open({ secretsFile: docsFile });
      await store.close();
      await expect(store.bulkGetSecret({}, signal)).resolves.toEqual({});
    });
  });
});
