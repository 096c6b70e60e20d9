import { randomBytes } from 'node:crypto';
import { runSecretStoreConformance } from '@dapr-ts/conformance';
import { isSecretNotFoundError } from '@dapr-ts/components-secretstores';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { LocalEnvSecretStore } from './local-env-secret-store';

/** The sidecar's credentials, planted in every fixture to prove they never leak. */
const credentials = { DAPR_API_TOKEN: 'dapr-token', APP_API_TOKEN: 'app-token', DAPR_HTTP_PORT: '3500' };

runSecretStoreConformance({
  name: 'secretstores.local.env',
  create: () => new LocalEnvSecretStore({ env: { DB_PASSWORD: 'pw', API_KEY: 'k-123', EMPTY: '', ...credentials } }),
  metadata: {},
  expected: { DB_PASSWORD: { DB_PASSWORD: 'pw' }, API_KEY: { API_KEY: 'k-123' }, EMPTY: { EMPTY: '' } },
  operations: ['bulk'],
});

runSecretStoreConformance({
  name: 'secretstores.local.env (prefix)',
  create: () => new LocalEnvSecretStore({ env: { MYAPP_DB_PASSWORD: 'pw', myapp_lower: 'lower', MYAPP_: 'only-prefix', OTHER: 'x', ...credentials } }),
  metadata: { prefix: 'MYAPP_' },
  expected: { DB_PASSWORD: { DB_PASSWORD: 'pw' }, lower: { lower: 'lower' } },
  operations: ['bulk'],
});

describe('LocalEnvSecretStore', () => {
  const signal = new AbortController().signal;

  async function open(env: Record<string, string | undefined>, properties: Record<string, string> = {}, logger: Logger = nopLogger()): Promise<LocalEnvSecretStore> {
    const store = new LocalEnvSecretStore({ env, logger });
    await store.init({ name: 'env', properties }, signal);
    return store;
  }
  async function lookup(store: LocalEnvSecretStore, name: string): Promise<Record<string, string> | 'not found'> {
    return store.getSecret({ name, metadata: {} }, signal).catch((err: unknown) => {
      if (isSecretNotFoundError(err)) return 'not found' as const;
      throw err;
    });
  }

  describe('the sidecar credentials', () => {
    it.each(['DAPR_API_TOKEN', 'APP_API_TOKEN', 'dapr_api_token', 'DAPR_HTTP_PORT'])('hides %s as if it were missing, and warns', async (name) => {
      const warnings: string[] = [];
      const logger: Logger = { ...nopLogger(), warn: (msg: string) => void warnings.push(msg) };
      const store = await open({ [name]: 'secret' }, {}, logger);
      expect(await lookup(store, name)).toBe('not found');
      await expect(store.bulkGetSecret({}, signal)).resolves.toEqual({});
      expect(warnings).toEqual([`Access to env var ${name} is forbidden`]);
    });

    it.each([
      ['DAPR_', 'API_TOKEN'],
      ['dapr_', 'API_TOKEN'],
      ['APP_', 'API_TOKEN'],
    ])('hides them when reached through prefix %s', async (prefix, name) => {
      const store = await open(credentials, { prefix });
      expect(await lookup(store, name)).toBe('not found');
      await expect(store.bulkGetSecret({}, signal)).resolves.toEqual({});
    });
  });

  describe('prefix', () => {
    it('matches the prefix case-insensitively but the rest of the name exactly', async () => {
      const store = await open({ MYAPP_DB_PASSWORD: 'pw' }, { prefix: 'myapp_' });
      expect(await lookup(store, 'DB_PASSWORD')).toEqual({ DB_PASSWORD: 'pw' });
      expect(await lookup(store, 'db_password')).toBe('not found');
      expect(await lookup(store, 'MYAPP_DB_PASSWORD')).toBe('not found');
    });

    it('prefers the variable spelled with the exact prefix', async () => {
      const store = await open({ myapp_X: 'other', MYAPP_X: 'exact', Myapp_X: 'another' }, { prefix: 'MYAPP_' });
      expect(await lookup(store, 'X')).toEqual({ X: 'exact' });
      await expect(store.bulkGetSecret({}, signal)).resolves.toEqual({ X: { X: 'exact' } });
    });

    it('hides variables outside the prefix and one named just the prefix', async () => {
      const store = await open({ MYAPP_: 'bare', OTHER: 'x' }, { prefix: 'MYAPP_' });
      expect(await lookup(store, '')).toBe('not found');
      expect(await lookup(store, 'OTHER')).toBe('not found');
    });
  });

  describe('environment', () => {
    it('reads process.env by default', async () => {
      const name = `LOCAL_ENV_SPEC_${randomBytes(4).toString('hex').toUpperCase()}`;
      process.env[name] = 'from-process';
      try {
        const store = new LocalEnvSecretStore();
        await store.init({ name: 'env', properties: {} }, signal);
        expect(await lookup(store, name)).toEqual({ [name]: 'from-process' });
      } finally {
        delete process.env[name];
      }
    });

    it('sees variables set after init', async () => {
      const env: Record<string, string> = {};
      const store = await open(env);
      env['LATE'] = 'late';
      expect(await lookup(store, 'LATE')).toEqual({ LATE: 'late' });
    });
  });

  describe('.features()', () => {
    it('is empty', async () => {
      expect((await open({})).features()).toEqual([]);
    });
  });
});
