import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigurationSubscriptions,
  SubscriptionNotFoundError,
  type ConfigurationFeature,
  type ConfigurationItems,
  type ConfigurationStore,
  type ConfigurationUpdateEvent,
  type ConfigurationUpdateHandler,
  type GetConfigurationRequest,
  type GetConfigurationResponse,
  type SubscribeConfigurationRequest,
} from '@dapr-ts/components-configuration';
import { GrpcCode, isDaprApiError } from '@dapr-ts/daprd-errors';
import { HttpAppChannel } from '@dapr-ts/daprd-invocation';
import { ConfigurationApi } from './configuration-api';
import type { ConfigurationSink } from './configuration-sink';

const signal = new AbortController().signal;

/** An in-test store with the contract's semantics; `push` plays the backend announcing a change. */
class MemoryConfigurationStore implements ConfigurationStore {
  readonly items: ConfigurationItems = {};
  readonly requests: unknown[] = [];
  private readonly subscriptions = new ConfigurationSubscriptions({ onHandlerError: () => undefined });
  failWith: unknown;
  failUnsubscribeWith: unknown;
  async init(): Promise<void> {}
  features(): readonly ConfigurationFeature[] {
    return [];
  }
  async get(request: GetConfigurationRequest): Promise<GetConfigurationResponse> {
    this.requests.push(request);
    if (this.failWith !== undefined) throw this.failWith;
    return { items: Object.fromEntries(request.keys.filter((k) => k in this.items).map((k) => [k, this.items[k]!])) };
  }
  async subscribe(request: SubscribeConfigurationRequest, handler: ConfigurationUpdateHandler): Promise<string> {
    this.requests.push(request);
    if (this.failWith !== undefined) throw this.failWith;
    return this.subscriptions.add(request.keys, handler, undefined).id;
  }
  async unsubscribe(id: string): Promise<void> {
    if (this.failUnsubscribeWith !== undefined) throw this.failUnsubscribeWith;
    if (!this.subscriptions.remove(id)) throw new SubscriptionNotFoundError(id);
  }
  push(items: ConfigurationItems): void {
    this.subscriptions.publish(items);
  }
  get active(): number {
    return this.subscriptions.size;
  }
  async close(): Promise<void> {}
}

class RecordingSink implements ConfigurationSink {
  readonly events: ConfigurationUpdateEvent[] = [];
  endedCalls = 0;
  async deliver(event: ConfigurationUpdateEvent): Promise<void> {
    this.events.push(event);
  }
  ended(): void {
    this.endedCalls++;
  }
}

async function apiError(promise: Promise<unknown>): Promise<{ httpStatus: number; grpcCode: number; errorCode: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
  return { httpStatus: err.httpStatus, grpcCode: err.grpcCode, errorCode: err.errorCode, message: err.message };
}

const eventually = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('ConfigurationApi', () => {
  let store: MemoryConfigurationStore;
  let api: ConfigurationApi;
  const item = (value: string) => ({ value, version: '1', metadata: {} });

  beforeEach(() => {
    store = new MemoryConfigurationStore();
    api = new ConfigurationApi({ stores: { get: (name) => (name === 'cfg' ? store : undefined), any: () => true } });
  });

  describe('.get()', () => {
    it('passes keys and metadata to the store and returns its items', async () => {
      store.items['a'] = item('x');
      await expect(api.get({ storeName: 'cfg', keys: ['a', 'b'], metadata: { m: '1' } }, signal)).resolves.toEqual({ a: item('x') });
      expect(store.requests).toEqual([{ keys: ['a', 'b'], metadata: { m: '1' } }]);
    });

    it('answers ERR_CONFIGURATION_STORE_NOT_CONFIGURED when no store is loaded', async () => {
      const none = new ConfigurationApi({ stores: { get: () => undefined, any: () => false } });
      await expect(apiError(none.get({ storeName: 'cfg', keys: [], metadata: {} }, signal))).resolves.toEqual({
        httpStatus: 500,
        grpcCode: GrpcCode.FailedPrecondition,
        errorCode: 'ERR_CONFIGURATION_STORE_NOT_CONFIGURED',
        message: 'configuration stores not configured',
      });
    });

    it('answers ERR_CONFIGURATION_STORE_NOT_FOUND for an unknown store', async () => {
      await expect(apiError(api.get({ storeName: 'nope', keys: [], metadata: {} }, signal))).resolves.toEqual({
        httpStatus: 400,
        grpcCode: GrpcCode.InvalidArgument,
        errorCode: 'ERR_CONFIGURATION_STORE_NOT_FOUND',
        message: 'configuration store nope not found',
      });
    });

    it('maps a store failure to ERR_CONFIGURATION_GET naming keys and store as Dapr does', async () => {
      store.failWith = new Error('connection reset');
      await expect(apiError(api.get({ storeName: 'cfg', keys: ['a', 'b'], metadata: {} }, signal))).resolves.toEqual({
        httpStatus: 500,
        grpcCode: GrpcCode.Internal,
        errorCode: 'ERR_CONFIGURATION_GET',
        message: 'failed to get [a b] from Configuration store cfg: connection reset',
      });
    });
  });

  describe('.subscribe()', () => {
    it('delivers the store changes to the sink under the returned id', async () => {
      const sink = new RecordingSink();
      const id = await api.subscribe({ storeName: 'cfg', keys: ['a'], metadata: {} }, sink, signal);
      store.push({ a: item('v') });
      await eventually(() => sink.events.length > 0);
      expect(sink.events).toEqual([{ id, items: { a: item('v') } }]);
      expect(api.subscriptionCount).toBe(1);
    });

    it('maps a store failure to ERR_CONFIGURATION_SUBSCRIBE: 500 over HTTP, InvalidArgument over gRPC', async () => {
      store.failWith = new Error('pgNotifyChannel is required');
      await expect(apiError(api.subscribe({ storeName: 'cfg', keys: ['k'], metadata: {} }, new RecordingSink(), signal))).resolves.toEqual({
        httpStatus: 500,
        grpcCode: GrpcCode.InvalidArgument,
        errorCode: 'ERR_CONFIGURATION_SUBSCRIBE',
        message: 'failed to subscribe [k] from Configuration store cfg: pgNotifyChannel is required',
      });
    });
  });

  describe('.unsubscribe()', () => {
    it('stops the subscription and tells its sink', async () => {
      const sink = new RecordingSink();
      const id = await api.subscribe({ storeName: 'cfg', keys: [], metadata: {} }, sink, signal);
      await expect(api.unsubscribe({ storeName: 'cfg', id }, signal)).resolves.toEqual({ ok: true });
      expect([store.active, sink.endedCalls, api.subscriptionCount]).toEqual([0, 1, 0]);
    });

    it.each([
      ['an unknown id', 'cfg', 'no-such-id'],
      ['an id of another store', 'other', 'set-below'],
    ])('answers ok: false for %s', async (_what, storeName, given) => {
      const other = new MemoryConfigurationStore();
      const two = new ConfigurationApi({ stores: { get: (name) => ({ cfg: store, other })[name], any: () => true } });
      const id = await two.subscribe({ storeName: 'cfg', keys: [], metadata: {} }, new RecordingSink(), signal);
      const target = given === 'set-below' ? id : given;
      await expect(two.unsubscribe({ storeName, id: target }, signal)).resolves.toEqual({ ok: false, message: `failed to unsubscribe to configuration request ${target}: subscription does not exist` });
      expect(store.active).toBe(1);
    });

    it('maps a store failure to ERR_CONFIGURATION_UNSUBSCRIBE and keeps the subscription', async () => {
      const id = await api.subscribe({ storeName: 'cfg', keys: [], metadata: {} }, new RecordingSink(), signal);
      store.failUnsubscribeWith = new Error('connection lost');
      await expect(apiError(api.unsubscribe({ storeName: 'cfg', id }, signal))).resolves.toEqual({
        httpStatus: 500,
        grpcCode: GrpcCode.Internal,
        errorCode: 'ERR_CONFIGURATION_UNSUBSCRIBE',
        message: `failed to unsubscribe to configuration request ${id}: connection lost`,
      });
      expect(api.subscriptionCount).toBe(1);
    });
  });

  describe('.release() and .close()', () => {
    it('release stops a subscription without calling its sink back; close ends the rest, telling each', async () => {
      const [released, closed] = [new RecordingSink(), new RecordingSink()];
      const id = await api.subscribe({ storeName: 'cfg', keys: [], metadata: {} }, released, signal);
      await api.subscribe({ storeName: 'cfg', keys: [], metadata: {} }, closed, signal);
      await api.release(id);
      expect([store.active, released.endedCalls]).toEqual([1, 0]);
      await api.close();
      expect([store.active, closed.endedCalls, api.subscriptionCount]).toEqual([0, 1, 0]);
    });
  });

  describe('.subscribeApp()', () => {
    let server: Server;
    let channel: HttpAppChannel;
    const received: { method: string; url: string; contentType: string | undefined; body: string }[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString() });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      channel = new HttpAppChannel({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, tls: false, maxConcurrency: -1, appApiToken: undefined });
    });
    afterAll(async () => {
      await channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('POSTs each changed key to /configuration/<store>/<key> with the event, empty fields left out', async () => {
      const withApp = new ConfigurationApi({ stores: { get: () => store, any: () => true }, app: () => channel });
      const id = await withApp.subscribeApp({ storeName: 'cfg', keys: [], metadata: {} }, signal);
      store.push({ 'feature flag': { value: 'on', version: '', metadata: {} } });
      await eventually(() => received.length > 0);
      expect(received).toEqual([{ method: 'POST', url: '/configuration/cfg/feature%20flag', contentType: 'application/json', body: JSON.stringify({ id, items: { 'feature flag': { value: 'on' } } }) }]);
      await withApp.close();
    });

    it('answers ERR_APP_CHANNEL_NIL without an app, after checking the store', async () => {
      await expect(apiError(api.subscribeApp({ storeName: 'nope', keys: [], metadata: {} }, signal))).resolves.toMatchObject({ errorCode: 'ERR_CONFIGURATION_STORE_NOT_FOUND' });
      await expect(apiError(api.subscribeApp({ storeName: 'cfg', keys: [], metadata: {} }, signal))).resolves.toEqual({
        httpStatus: 500,
        grpcCode: GrpcCode.Internal,
        errorCode: 'ERR_APP_CHANNEL_NIL',
        message: 'app channel is not initialized. cannot subscribe to configuration updates',
      });
      expect(store.active).toBe(0);
    });
  });
});
