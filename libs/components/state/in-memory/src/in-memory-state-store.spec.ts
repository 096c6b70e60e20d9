import { runStateConformance } from '@dapr-ts/conformance';
import { isETagError, StateFeature, type ETagErrorKind, type SetRequest } from '@dapr-ts/components-state';
import { InMemoryStateStore } from './in-memory-state-store';

runStateConformance({
  name: 'state.in-memory',
  create: () => new InMemoryStateStore(),
  metadata: {},
  operations: ['etag', 'transaction', 'ttl', 'first-write', 'bulk'],
  config: { badEtag: 'bad-etag' },
});

describe('InMemoryStateStore', () => {
  const signal = new AbortController().signal;
  let store: InMemoryStateStore;

  beforeEach(async () => {
    store = new InMemoryStateStore();
    await store.init({ name: 'statestore', properties: { unknownKey: 'ignored' } }, signal);
  });

  afterEach(async () => {
    await store.close();
    jest.useRealTimers();
  });

  const put = (key: string, value: string, extra: Partial<SetRequest> = {}): Promise<void> => store.set({ key, value: Buffer.from(value), metadata: {}, ...extra }, signal);
  const read = (key: string) => store.get({ key, metadata: {} }, signal);
  const text = async (key: string): Promise<string | undefined> => (await read(key))?.data.toString();
  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => 'no error',
      (err: unknown) => err,
    );
  }
  async function etagKind(promise: Promise<unknown>): Promise<ETagErrorKind | string> {
    const err = await failure(promise);
    return isETagError(err) ? err.kind : String(err);
  }

  describe('.features()', () => {
    it('lists ETAG, TRANSACTIONAL and TTL', () => {
      expect(store.features()).toEqual([StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL]);
    });
  });

  describe('etags', () => {
    it('are version numbers counting from "1", bumped by every write', async () => {
      const etags: (string | undefined)[] = [];
      for (const value of ['a', 'b', 'b']) {
        await put('k', value);
        etags.push((await read('k'))?.etag);
      }
      expect(etags).toEqual(['1', '2', '3']);
    });

    it('are accepted on a missing key by set and delete (Redis semantics)', async () => {
      await put('absent', 'v', { etag: '7' });
      expect(await read('absent')).toMatchObject({ etag: '1' });
      await expect(store.delete({ key: 'never', etag: '3', metadata: {} }, signal)).resolves.toBeUndefined();
    });

    it.each(['abc', '-1', '1.0', ' 1', '0x1'])('rejects %j as invalid even on a missing key', async (etag) => {
      expect(await etagKind(put('absent', 'v', { etag }))).toBe('invalid');
      expect(await etagKind(store.delete({ key: 'absent', etag, metadata: {} }, signal))).toBe('invalid');
    });

    it('treats an empty etag as no etag', async () => {
      await put('k', 'v1');
      await put('k', 'v2', { etag: '' });
      expect(await text('k')).toBe('v2');
    });
  });

  describe('first-write', () => {
    it('does not check deletes without an etag', async () => {
      await put('k', 'v');
      await store.delete({ key: 'k', metadata: {}, options: { concurrency: 'first-write' } }, signal);
      expect(await read('k')).toBeUndefined();
    });

    it('lets last-write overwrite without an etag', async () => {
      await put('k', 'v1');
      await put('k', 'v2', { options: { concurrency: 'last-write' } });
      expect(await text('k')).toBe('v2');
    });
  });

  describe('ttlInSeconds', () => {
    it.each(['0', '-2', '1.5', 'abc', '1e3', '99999999999'])('rejects %j with a MetadataError naming ttlInSeconds, writing nothing', async (ttl) => {
      const err = await failure(put('k', 'v', { metadata: { ttlInSeconds: ttl } }));
      expect(err).toMatchObject({ name: 'MetadataError', field: 'ttlInSeconds' });
      expect(await read('k')).toBeUndefined();
    });

    it.each(['-1', ''])('treats %j as no expiry', async (ttl) => {
      await put('k', 'v', { metadata: { ttlInSeconds: ttl } });
      expect((await read('k'))?.metadata).toBeUndefined();
    });

    it('reports ttlExpireTime as RFC 3339 in whole seconds', async () => {
      jest.useFakeTimers({ now: new Date('2025-01-02T03:04:05.678Z') });
      await put('k', 'v', { metadata: { ttlInSeconds: '10' } });
      expect((await read('k'))?.metadata).toEqual({ ttlExpireTime: '2025-01-02T03:04:15Z' });
    });

    it('hides an expired key from get before any sweep runs', async () => {
      jest.useFakeTimers({ now: 1_000_000 });
      await put('k', 'v', { metadata: { ttlInSeconds: '5' } });
      jest.setSystemTime(1_004_999);
      expect(await text('k')).toBe('v');
      jest.setSystemTime(1_005_000); // moves the clock without firing timers
      expect(await read('k')).toBeUndefined();
    });

    it('purges expired keys in the periodic sweep', async () => {
      jest.useFakeTimers({ now: 1_000_000 });
      const swept = new InMemoryStateStore();
      await swept.init({ name: 's', properties: {} }, signal);
      await swept.set({ key: 'k', value: Buffer.from('v'), metadata: { ttlInSeconds: '1' } }, signal);
      jest.advanceTimersByTime(1000); // the sweep fires at 1_001_000, when the key expires
      // Rewind the clock: a key merely hidden by get would be alive again; a swept one is gone.
      jest.setSystemTime(1_000_000);
      expect(await swept.get({ key: 'k', metadata: {} }, signal)).toBeUndefined();
      await swept.close();
    });

    it('removes a previous TTL when overwritten without one', async () => {
      jest.useFakeTimers({ now: 1_000_000 });
      await put('k', 'v1', { metadata: { ttlInSeconds: '1' } });
      await put('k', 'v2');
      jest.setSystemTime(1_000_000 + 60_000);
      expect(await read('k')).toEqual({ data: Buffer.from('v2'), etag: '2' });
    });

    it('sweeps on an unref-ed timer that close() clears', async () => {
      jest.useFakeTimers();
      const timed = new InMemoryStateStore();
      await timed.init({ name: 's', properties: {} }, signal);
      expect(jest.getTimerCount()).toBe(1);
      await timed.close();
      expect(jest.getTimerCount()).toBe(0);
      jest.useRealTimers();
      const spy = jest.spyOn(globalThis, 'setInterval');
      const real = new InMemoryStateStore();
      try {
        await real.init({ name: 's', properties: {} }, signal);
        const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
        expect(timer.hasRef()).toBe(false);
      } finally {
        spy.mockRestore();
        await real.close();
      }
    });
  });

  describe('.multi()', () => {
    it('checks each operation against the effects of the earlier ones', async () => {
      await put('k', 'v1');
      // After the first upsert the version is 2, so the second operation's etag "1" is stale.
      const err = await etagKind(
        store.multi(
          {
            operations: [
              { operation: 'upsert', request: { key: 'k', value: Buffer.from('v2'), metadata: {} } },
              { operation: 'upsert', request: { key: 'k', value: Buffer.from('v3'), etag: '1', metadata: {} } },
            ],
            metadata: {},
          },
          signal,
        ),
      );
      expect(err).toBe('mismatch');
      expect(await read('k')).toEqual({ data: Buffer.from('v1'), etag: '1' });
    });

    it('applies nothing when one operation has a bad ttlInSeconds', async () => {
      const operations = [
        { operation: 'upsert', request: { key: 'a', value: Buffer.from('a'), metadata: {} } },
        { operation: 'upsert', request: { key: 'b', value: Buffer.from('b'), metadata: { ttlInSeconds: '0' } } },
      ] as const;
      expect(await failure(store.multi({ operations: [...operations], metadata: {} }, signal))).toMatchObject({ name: 'MetadataError', field: 'ttlInSeconds' });
      expect([await read('a'), await read('b')]).toEqual([undefined, undefined]);
    });
  });

  describe('copies', () => {
    it('keeps its own copy of the value written', async () => {
      const value = Buffer.from('original');
      await store.set({ key: 'k', value, metadata: {} }, signal);
      value.write('tampered');
      expect(await text('k')).toBe('original');
    });

    it('hands out a copy on get', async () => {
      await put('k', 'original');
      const first = await read('k');
      first?.data.write('tampered');
      expect(await text('k')).toBe('original');
    });
  });

  describe('cancellation', () => {
    it('rejects with the abort reason and writes nothing when the signal is aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(store.set({ key: 'k', value: Buffer.from('v'), metadata: {} }, controller.signal)).rejects.toThrow('shutting down');
      expect(await read('k')).toBeUndefined();
    });
  });

  describe('.close()', () => {
    it('drops every key', async () => {
      await put('k', 'v');
      await store.close();
      expect(await read('k')).toBeUndefined();
    });
  });
});
