import type { SecretStore } from '@dapr-ts/components-secretstores';
import { isDaprApiError } from '@dapr-ts/daprd-errors';
import { LocalEnvSecretStore } from '@dapr-ts/secretstores-local-env';
import type { SecretScopeRule } from './secret-scope';
import { SecretsApi, type SecretStoreLookup } from './secrets-api';

const signal = new AbortController().signal;

function lookup(stores: Record<string, SecretStore>): SecretStoreLookup {
  return { get: (name) => stores[name], any: () => Object.keys(stores).length > 0 };
}

const rule = (over: Partial<SecretScopeRule>): SecretScopeRule => ({ storeName: 'envstore', defaultAccess: 'allow', allowedSecrets: [], deniedSecrets: [], ...over });

async function apiError(promise: Promise<unknown>): Promise<{ httpStatus: number; errorCode: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
  return { httpStatus: err.httpStatus, errorCode: err.errorCode, message: err.message };
}

describe('SecretsApi', () => {
  let store: LocalEnvSecretStore;

  beforeEach(async () => {
    store = new LocalEnvSecretStore({ env: { DB_PASSWORD: 'pw', API_KEY: 'key', OTHER: 'other' } });
    await store.init({ name: 'envstore', properties: {} }, signal);
  });

  const apiWith = (...scopes: SecretScopeRule[]): SecretsApi => new SecretsApi(lookup({ envstore: store }), scopes);
  const getSecret = (api: SecretsApi, key: string, storeName = 'envstore', s = signal) => api.getSecret({ storeName, key, metadata: {} }, s);

  describe('.getSecret()', () => {
    it('returns the secret as a key/value map', async () => {
      expect(await getSecret(apiWith(), 'DB_PASSWORD')).toEqual({ DB_PASSWORD: 'pw' });
    });

    it('returns undefined when the store has no such secret', async () => {
      expect(await getSecret(apiWith(), 'MISSING')).toBeUndefined();
    });

    it('throws 403 ERR_PERMISSION_DENIED for a secret on the deny list', async () => {
      expect(await apiError(getSecret(apiWith(rule({ deniedSecrets: ['API_KEY'] })), 'API_KEY'))).toEqual({
        httpStatus: 403,
        errorCode: 'ERR_PERMISSION_DENIED',
        message: 'access denied by policy to get "API_KEY" from "envstore"',
      });
    });

    it('throws 403 for a secret outside the allow list, even when it does not exist', async () => {
      const api = apiWith(rule({ defaultAccess: 'deny', allowedSecrets: ['DB_PASSWORD'] }));
      expect((await apiError(getSecret(api, 'OTHER'))).httpStatus).toBe(403);
      expect((await apiError(getSecret(api, 'MISSING'))).httpStatus).toBe(403);
      expect(await getSecret(api, 'DB_PASSWORD')).toEqual({ DB_PASSWORD: 'pw' });
    });

    it('applies a rule only to the store it names', async () => {
      expect(await getSecret(apiWith(rule({ storeName: 'elsewhere', defaultAccess: 'deny' })), 'OTHER')).toEqual({ OTHER: 'other' });
    });

    it('throws 401 ERR_SECRET_STORE_NOT_FOUND for an unknown store', async () => {
      expect(await apiError(getSecret(apiWith(), 'DB_PASSWORD', 'nope'))).toEqual({
        httpStatus: 401,
        errorCode: 'ERR_SECRET_STORE_NOT_FOUND',
        message: 'failed finding secret store with key nope',
      });
    });

    it('throws 500 ERR_SECRET_STORES_NOT_CONFIGURED when no store is loaded', async () => {
      const api = new SecretsApi(lookup({}), []);
      expect(await apiError(getSecret(api, 'DB_PASSWORD'))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_SECRET_STORES_NOT_CONFIGURED',
        message: 'secret store is not configured',
      });
    });

    it('throws 500 ERR_SECRET_GET when the store fails', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      expect(await apiError(getSecret(apiWith(), 'DB_PASSWORD', 'envstore', controller.signal))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_SECRET_GET',
        message: 'failed getting secret with key DB_PASSWORD from secret store envstore: shutting down',
      });
    });
  });

  describe('.getBulkSecret()', () => {
    const bulk = (api: SecretsApi, storeName = 'envstore', s = signal) => api.getBulkSecret({ storeName, metadata: {} }, s);

    it('returns every secret when no rule applies', async () => {
      expect(await bulk(apiWith())).toEqual({ DB_PASSWORD: { DB_PASSWORD: 'pw' }, API_KEY: { API_KEY: 'key' }, OTHER: { OTHER: 'other' } });
    });

    it('leaves out secrets on the deny list', async () => {
      expect(await bulk(apiWith(rule({ deniedSecrets: ['API_KEY'] })))).toEqual({ DB_PASSWORD: { DB_PASSWORD: 'pw' }, OTHER: { OTHER: 'other' } });
    });

    it('keeps only the allow list when one is given', async () => {
      expect(await bulk(apiWith(rule({ allowedSecrets: ['OTHER'] })))).toEqual({ OTHER: { OTHER: 'other' } });
    });

    it('returns nothing under default deny without an allow list', async () => {
      expect(await bulk(apiWith(rule({ defaultAccess: 'deny' })))).toEqual({});
    });

    it('throws 401 ERR_SECRET_STORE_NOT_FOUND for an unknown store', async () => {
      expect((await apiError(bulk(apiWith(), 'nope'))).errorCode).toBe('ERR_SECRET_STORE_NOT_FOUND');
    });

    it('throws 500 ERR_SECRET_GET when the store fails', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      expect(await apiError(bulk(apiWith(), 'envstore', controller.signal))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_SECRET_GET',
        message: 'failed getting secrets from secret store envstore: shutting down',
      });
    });
  });
});
