import type { DeleteRequest, GetRequest, GetResponse, SetRequest, StateFeature, StateStore } from '@dapr-ts/components-state';
import { isDaprApiError } from '@dapr-ts/daprd-errors';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';
import { keyPrefixFor } from './key-prefix';
import { StateApi } from './state-api';
import type { RegisteredStateStore, StateStoreLookup } from './state-store-lookup';
import type { StateItemMessage, TransactionalStateOperationMessage } from './state-types';

const signal = new AbortController().signal;

function lookup(entries: RegisteredStateStore[]): StateStoreLookup {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  return { get: (name) => byName.get(name), any: () => byName.size > 0 };
}

const item = (key: string, value: string, over: Partial<StateItemMessage> = {}): StateItemMessage => ({
  key,
  value: Buffer.from(value),
  etag: undefined,
  metadata: {},
  options: undefined,
  ...over,
});

const upsert = (key: string, value: string, over: Partial<StateItemMessage> = {}): TransactionalStateOperationMessage => ({ operationType: 'upsert', request: item(key, value, over) });
const remove = (key: string, over: Partial<StateItemMessage> = {}): TransactionalStateOperationMessage => ({ operationType: 'delete', request: item(key, '', over) });

/** The DaprApiError a call rejects with, reduced to the fields the transports write. */
async function apiError(promise: Promise<unknown>): Promise<{ httpStatus: number; errorCode: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
  return { httpStatus: err.httpStatus, errorCode: err.errorCode, message: err.message };
}

/** A store with only the required contract (no `multi`), wrapping a real in-memory store. */
function nonTransactional(inner: InMemoryStateStore): StateStore {
  return {
    init: (md, s) => inner.init(md, s),
    features: (): readonly StateFeature[] => ['ETAG'],
    get: (req: GetRequest, s: AbortSignal): Promise<GetResponse | undefined> => inner.get(req, s),
    set: (req: SetRequest, s: AbortSignal) => inner.set(req, s),
    delete: (req: DeleteRequest, s: AbortSignal) => inner.delete(req, s),
    close: () => inner.close(),
  };
}

describe('StateApi', () => {
  let store: InMemoryStateStore;
  let api: StateApi;

  beforeEach(async () => {
    store = new InMemoryStateStore();
    await store.init({ name: 'statestore', properties: {} }, signal);
    api = new StateApi(lookup([{ name: 'statestore', store, prefix: 'myapp||' }]));
  });

  afterEach(() => store.close());

  const save = (...states: StateItemMessage[]): Promise<void> => api.saveState({ storeName: 'statestore', states }, signal);
  const get = (key: string, storeName = 'statestore') => api.getState({ storeName, key, consistency: 0, metadata: {} }, signal);
  const raw = async (key: string): Promise<string | undefined> => (await store.get({ key, metadata: {} }, signal))?.data.toString();

  describe('.store()', () => {
    it('returns the registered entry by name', () => {
      expect(api.store('statestore')).toEqual({ name: 'statestore', store, prefix: 'myapp||' });
    });

    it('throws 400 ERR_STATE_STORE_NOT_FOUND when the name is unknown', async () => {
      expect(await apiError(get('k', 'nope'))).toEqual({ httpStatus: 400, errorCode: 'ERR_STATE_STORE_NOT_FOUND', message: 'state store nope is not found' });
    });

    it('throws 500 ERR_STATE_STORE_NOT_CONFIGURED when no store is loaded', async () => {
      const empty = new StateApi(lookup([]));
      const err = await apiError(empty.getState({ storeName: 'statestore', key: 'k', consistency: 0, metadata: {} }, signal));
      expect(err).toEqual({ httpStatus: 500, errorCode: 'ERR_STATE_STORE_NOT_CONFIGURED', message: 'state store is not configured' });
    });
  });

  describe('.getState()', () => {
    it('returns undefined when the key is missing', async () => {
      expect(await get('missing')).toBeUndefined();
    });

    it('returns the data, etag and empty metadata of a saved key', async () => {
      await save(item('k', '"v"'));
      expect(await get('k')).toEqual({ data: Buffer.from('"v"'), etag: '1', metadata: {} });
    });

    it('reads the key under the store prefix', async () => {
      await store.set({ key: 'myapp||k', value: Buffer.from('stored'), metadata: {} }, signal);
      await store.set({ key: 'k', value: Buffer.from('unprefixed'), metadata: {} }, signal);
      expect((await get('k'))?.data.toString()).toBe('stored');
    });

    it.each([
      ['', 'state key cannot be empty'],
      ['a||b', "input key/keyPrefix 'a||b' can't contain '||'"],
    ])('rejects key %j with 400 ERR_MALFORMED_REQUEST', async (key, message) => {
      expect(await apiError(get(key))).toEqual({ httpStatus: 400, errorCode: 'ERR_MALFORMED_REQUEST', message });
    });
  });

  describe('.getBulkState()', () => {
    it('returns every key in order, with empty data and etag for missing ones', async () => {
      await save(item('a', 'A'), item('b', 'B'));
      const items = await api.getBulkState({ storeName: 'statestore', keys: ['a', 'missing', 'b'], parallelism: 0, metadata: {} }, signal);
      expect(items).toEqual([
        { key: 'a', data: Buffer.from('A'), etag: '1', error: '', metadata: {} },
        { key: 'missing', data: Buffer.alloc(0), etag: '', error: '', metadata: {} },
        { key: 'b', data: Buffer.from('B'), etag: '1', error: '', metadata: {} },
      ]);
    });

    it('rejects the whole request when one key is illegal', async () => {
      const err = await apiError(api.getBulkState({ storeName: 'statestore', keys: ['a', 'x||y'], parallelism: 1, metadata: {} }, signal));
      expect(err).toEqual({ httpStatus: 400, errorCode: 'ERR_MALFORMED_REQUEST', message: "input key/keyPrefix 'x||y' can't contain '||'" });
    });
  });

  describe('.saveState()', () => {
    it('stores the value under `<prefix><key>`', async () => {
      await save(item('k', 'v'));
      expect([await raw('myapp||k'), await raw('k')]).toEqual(['v', undefined]);
    });

    it('overwrites when the etag matches', async () => {
      await save(item('k', 'v1'));
      await save(item('k', 'v2', { etag: { value: '1' } }));
      expect(await get('k')).toEqual({ data: Buffer.from('v2'), etag: '2', metadata: {} });
    });

    it('throws 409 ERR_STATE_SAVE on an etag mismatch and keeps the stored value', async () => {
      await save(item('k', 'v1'));
      await save(item('k', 'v2'));
      expect(await apiError(save(item('k', 'v3', { etag: { value: '1' } })))).toEqual({
        httpStatus: 409,
        errorCode: 'ERR_STATE_SAVE',
        message: 'failed saving state in state store statestore: possible etag mismatch. error from state store: etag "1" for key myapp||k does not match the stored version "2"',
      });
      expect(await raw('myapp||k')).toBe('v2');
    });

    it('throws 400 ERR_STATE_SAVE on a malformed etag', async () => {
      expect(await apiError(save(item('k', 'v', { etag: { value: 'not-a-number' } })))).toEqual({
        httpStatus: 400,
        errorCode: 'ERR_STATE_SAVE',
        message: 'failed saving state in state store statestore: invalid etag value: etag "not-a-number" for key myapp||k is not a version number',
      });
    });

    it('throws 409 ERR_STATE_SAVE for first-write without an etag on an existing key', async () => {
      await save(item('k', 'v1'));
      const err = await apiError(save(item('k', 'v2', { options: { concurrency: 1, consistency: 0 } })));
      expect([err.httpStatus, err.errorCode]).toEqual([409, 'ERR_STATE_SAVE']);
    });

    it('maps a stale etag inside a multi-item save to 409 and still writes the other items', async () => {
      await save(item('a', 'a1'));
      await save(item('a', 'a2'));
      const err = await apiError(save(item('a', 'a3', { etag: { value: '1' } }), item('b', 'b1')));
      expect([err.httpStatus, err.errorCode]).toEqual([409, 'ERR_STATE_SAVE']);
      expect([await raw('myapp||a'), await raw('myapp||b')]).toEqual(['a2', 'b1']);
    });

    it.each([
      ['0', 'metadata field "ttlInSeconds": must be a positive number of seconds, or -1 for no expiry; got 0'],
      ['abc', 'metadata field "ttlInSeconds": "abc" is not an integer'],
    ])('throws 400 ERR_BAD_REQUEST for ttlInSeconds %j and writes nothing', async (ttl, message) => {
      expect(await apiError(save(item('k', 'v', { metadata: { ttlInSeconds: ttl } })))).toEqual({ httpStatus: 400, errorCode: 'ERR_BAD_REQUEST', message });
      expect(await raw('myapp||k')).toBeUndefined();
    });

    it.each([
      ['', 'state key cannot be empty'],
      ['a||b', "input key/keyPrefix 'a||b' can't contain '||'"],
    ])('throws 400 ERR_MALFORMED_REQUEST for key %j', async (key, message) => {
      expect(await apiError(save(item(key, 'v')))).toEqual({ httpStatus: 400, errorCode: 'ERR_MALFORMED_REQUEST', message });
    });

    it('throws 400 ERR_STATE_STORE_NOT_FOUND for an unknown store', async () => {
      const err = await apiError(api.saveState({ storeName: 'nope', states: [item('k', 'v')] }, signal));
      expect(err).toEqual({ httpStatus: 400, errorCode: 'ERR_STATE_STORE_NOT_FOUND', message: 'state store nope is not found' });
    });
  });

  describe('.deleteState()', () => {
    const del = (key: string, etag?: string) => api.deleteState({ storeName: 'statestore', key, etag: etag === undefined ? undefined : { value: etag }, options: undefined, metadata: {} }, signal);

    it('removes the prefixed key when the etag matches', async () => {
      await save(item('k', 'v'));
      await del('k', '1');
      expect(await raw('myapp||k')).toBeUndefined();
    });

    it('succeeds for a missing key', async () => {
      await expect(del('missing')).resolves.toBeUndefined();
    });

    it('throws 409 ERR_STATE_DELETE on a stale etag and keeps the key', async () => {
      await save(item('k', 'v1'));
      await save(item('k', 'v2'));
      expect(await apiError(del('k', '1'))).toEqual({
        httpStatus: 409,
        errorCode: 'ERR_STATE_DELETE',
        message: 'failed deleting state with key k: possible etag mismatch. error from state store: etag "1" for key myapp||k does not match the stored version "2"',
      });
      expect(await raw('myapp||k')).toBe('v2');
    });

    it('throws 400 ERR_STATE_DELETE on a malformed etag', async () => {
      const err = await apiError(del('k', 'x'));
      expect([err.httpStatus, err.errorCode]).toEqual([400, 'ERR_STATE_DELETE']);
    });

    it('throws 400 ERR_MALFORMED_REQUEST for a key containing ||', async () => {
      expect((await apiError(del('a||b'))).httpStatus).toBe(400);
    });
  });

  describe('.deleteBulkState()', () => {
    it('removes every listed key', async () => {
      await save(item('a', 'A'), item('b', 'B'));
      await api.deleteBulkState({ storeName: 'statestore', states: [item('a', ''), item('b', '', { etag: { value: '1' } })] }, signal);
      expect([await raw('myapp||a'), await raw('myapp||b')]).toEqual([undefined, undefined]);
    });

    it('throws 409 ERR_STATE_BULK_DELETE when one etag is stale', async () => {
      await save(item('a', 'A1'));
      await save(item('a', 'A2'));
      const err = await apiError(api.deleteBulkState({ storeName: 'statestore', states: [item('a', '', { etag: { value: '1' } })] }, signal));
      expect([err.httpStatus, err.errorCode]).toEqual([409, 'ERR_STATE_BULK_DELETE']);
    });
  });

  describe('.executeStateTransaction()', () => {
    const tx = (...operations: TransactionalStateOperationMessage[]) => api.executeStateTransaction({ storeName: 'statestore', operations, metadata: {} }, signal);

    it('applies upserts and deletes under the prefix', async () => {
      await save(item('gone', 'x'));
      await tx(upsert('a', 'A'), { operationType: 'UPSERT', request: item('b', 'B') }, remove('gone'));
      expect([await raw('myapp||a'), await raw('myapp||b'), await raw('myapp||gone')]).toEqual(['A', 'B', undefined]);
    });

    it('throws 409 ERR_STATE_TRANSACTION on a stale etag and applies nothing', async () => {
      await save(item('k', 'v1'));
      await save(item('k', 'v2'));
      const err = await apiError(tx(upsert('other', 'o'), upsert('k', 'v3', { etag: { value: '1' } })));
      expect([err.httpStatus, err.errorCode]).toEqual([409, 'ERR_STATE_TRANSACTION']);
      expect([await raw('myapp||other'), await raw('myapp||k')]).toEqual([undefined, 'v2']);
    });

    it('throws 400 ERR_NOT_SUPPORTED_STATE_OPERATION for an unknown operation type', async () => {
      expect(await apiError(tx(upsert('a', 'A'), { operationType: 'merge', request: item('b', 'B') }))).toEqual({
        httpStatus: 400,
        errorCode: 'ERR_NOT_SUPPORTED_STATE_OPERATION',
        message: 'operation type merge not supported',
      });
      expect(await raw('myapp||a')).toBeUndefined();
    });

    it('throws 400 ERR_MALFORMED_REQUEST for an operation without a request', async () => {
      const err = await apiError(tx({ operationType: 'upsert', request: undefined }));
      expect(err).toEqual({ httpStatus: 400, errorCode: 'ERR_MALFORMED_REQUEST', message: 'failed deserializing HTTP body: transaction operation has no request' });
    });

    it('throws 400 for a key containing || in any operation', async () => {
      const err = await apiError(tx(remove('a||b')));
      expect([err.httpStatus, err.errorCode]).toEqual([400, 'ERR_MALFORMED_REQUEST']);
    });

    it('throws 500 ERR_STATE_STORE_NOT_SUPPORTED when the store is not transactional', async () => {
      const plain = new StateApi(lookup([{ name: 'plain', store: nonTransactional(store), prefix: '' }]));
      const err = await apiError(plain.executeStateTransaction({ storeName: 'plain', operations: [upsert('a', 'A')], metadata: {} }, signal));
      expect(err).toEqual({ httpStatus: 500, errorCode: 'ERR_STATE_STORE_NOT_SUPPORTED', message: "state store plain doesn't support transaction" });
    });
  });

  describe.each([
    ['appid (default)', undefined, 'myapp||k'],
    ['appid', 'appid', 'myapp||k'],
    ['name', 'name', 'statestore||k'],
    ['namespace', 'namespace', 'prod.myapp||k'],
    ['none', 'none', 'k'],
    ['custom', 'shared', 'shared||k'],
  ])('with keyPrefix strategy %s', (_name, strategy, storedKey) => {
    it(`stores key "k" as "${storedKey}" and reads it back`, async () => {
      const prefix = keyPrefixFor(strategy, { appId: 'myapp', namespace: 'prod', storeName: 'statestore' });
      const prefixed = new StateApi(lookup([{ name: 'statestore', store, prefix }]));
      await prefixed.saveState({ storeName: 'statestore', states: [item('k', 'v')] }, signal);
      expect(await raw(storedKey)).toBe('v');
      expect((await prefixed.getState({ storeName: 'statestore', key: 'k', consistency: 0, metadata: {} }, signal))?.data.toString()).toBe('v');
    });
  });
});
