import type { Message } from '@dapr-ts/components-pubsub';
import { isDaprApiError } from '@dapr-ts/daprd-errors';
import { InMemoryPubSub } from '@dapr-ts/pubsub-in-memory';
import { PubSubApi } from './pubsub-api';
import type { PubSubLookup } from './pubsub-lookup';
import { TopicScopes } from './subscriptions/subscription-scopes';
import { traceContextFrom } from './trace-context';

const signal = new AbortController().signal;
const trace = traceContextFrom('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', '');
const now = new Date('2026-11-23T10:00:00.000Z');

describe('PubSubApi', () => {
  let broker: InMemoryPubSub;
  let api: PubSubApi;
  let received: Message[];
  let lookup: PubSubLookup;

  beforeEach(async () => {
    broker = new InMemoryPubSub();
    await broker.init({ name: 'pubsub', properties: {} }, signal);
    received = [];
    for (const topic of ['orders', 'raw', 'bulk']) await broker.subscribe({ topic, metadata: {} }, async (m) => void received.push(m), signal);
    const registered = { name: 'pubsub', pubsub: broker, access: new TopicScopes({ publishingScopes: 'app=orders,raw,bulk;other=' }, 'app') };
    lookup = { get: (name) => (name === 'pubsub' ? registered : undefined), any: () => true, names: () => ['pubsub'] };
    api = new PubSubApi({ appId: 'app', pubsubs: lookup, now: () => now });
  });
  afterEach(() => broker.close());

  const arrived = async (count: number): Promise<void> => {
    for (let i = 0; i < 200 && received.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  };
  const errorOf = async (work: Promise<unknown>): Promise<{ status: number; code: string; message: string }> => {
    const err = await work.then(() => undefined, (e: unknown) => e);
    if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
    return { status: err.httpStatus, code: err.errorCode, message: err.message };
  };

  describe('.publish()', () => {
    it('hands the broker a CloudEvent with Dapr content type', async () => {
      await api.publish({ pubsubName: 'pubsub', topic: 'orders', data: Buffer.from('{"a":1}'), dataContentType: 'application/json', metadata: {} }, trace, signal);
      await arrived(1);
      expect(received[0]?.contentType).toBe('application/cloudevents+json');
      expect(JSON.parse(Buffer.from(received[0]?.data ?? []).toString())).toMatchObject({ data: { a: 1 }, source: 'app', topic: 'orders', pubsubname: 'pubsub', time: '2026-11-23T10:00:00.000Z' });
    });

    it('passes a raw payload through untouched', async () => {
      await api.publish({ pubsubName: 'pubsub', topic: 'raw', data: Buffer.from('plain bytes'), dataContentType: 'text/plain', metadata: { rawPayload: 'true' } }, trace, signal);
      await arrived(1);
      expect([Buffer.from(received[0]?.data ?? []).toString(), received[0]?.contentType]).toEqual(['plain bytes', 'text/plain']);
    });

    it('stamps expiration for a TTL the broker cannot enforce', async () => {
      await api.publish({ pubsubName: 'pubsub', topic: 'orders', data: Buffer.from('x'), dataContentType: 'text/plain', metadata: { ttlInSeconds: '30' } }, trace, signal);
      await arrived(1);
      expect(JSON.parse(Buffer.from(received[0]?.data ?? []).toString()).expiration).toBe('2026-11-23T10:00:30.000Z');
    });

    it.each([
      ['no pub/sub name', { pubsubName: '' }, 404, 'ERR_PUBSUB_EMPTY', 'pubsub name is empty'],
      ['an unknown pub/sub', { pubsubName: 'nope' }, 404, 'ERR_PUBSUB_NOT_FOUND', 'pubsub nope is not found'],
      ['no topic', { topic: '' }, 404, 'ERR_TOPIC_NAME_EMPTY', 'topic is empty in pubsub pubsub'],
      ['a topic outside the publishing scopes', { topic: 'payments' }, 403, 'ERR_PUBSUB_FORBIDDEN', 'topic payments is not allowed for app id app'],
      ['a bad ttlInSeconds', { metadata: { ttlInSeconds: '-1' } }, 400, 'ERR_PUBSUB_REQUEST_METADATA', `failed deserializing metadata: incorrect value for metadata 'ttlInSeconds': "-1" is not a non-negative integer`],
    ])('refuses %s and publishes nothing', async (_what, over, status, code, message) => {
      const request = { pubsubName: 'pubsub', topic: 'orders', data: Buffer.from('x'), dataContentType: 'text/plain', metadata: {}, ...over };
      expect(await errorOf(api.publish(request, trace, signal))).toEqual({ status, code, message });
      await new Promise((r) => setTimeout(r, 20));
      expect(received).toEqual([]);
    });

    it('answers 400 ERR_PUBSUB_NOT_CONFIGURED when no pub/sub is loaded', async () => {
      const empty = new PubSubApi({ appId: 'app', pubsubs: { get: () => undefined, any: () => false, names: () => [] } });
      expect(await errorOf(empty.publish({ pubsubName: 'pubsub', topic: 't', data: Buffer.alloc(0), dataContentType: '', metadata: {} }, trace, signal))).toEqual({ status: 400, code: 'ERR_PUBSUB_NOT_CONFIGURED', message: 'no pubsub is configured' });
    });
  });

  describe('.bulkPublish()', () => {
    it('publishes every entry and reports no failures', async () => {
      const entries = ['1', '2', '3'].map((entryId) => ({ entryId, event: Buffer.from(`{"n":${entryId}}`), contentType: 'application/json', metadata: {} }));
      expect(await api.bulkPublish({ pubsubName: 'pubsub', topic: 'bulk', entries, metadata: {} }, trace, signal)).toEqual({ failedEntries: [] });
      await arrived(3);
      expect(received.map((m) => JSON.parse(Buffer.from(m.data).toString()).data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });

    it.each([
      ['duplicate entry ids', ['1', '1']],
      ['an empty entry id', ['1', '']],
    ])('refuses %s before publishing anything', async (_what, ids) => {
      const entries = ids.map((entryId) => ({ entryId, event: Buffer.from('x'), contentType: 'text/plain', metadata: {} }));
      expect((await errorOf(api.bulkPublish({ pubsubName: 'pubsub', topic: 'bulk', entries, metadata: {} }, trace, signal))).code).toBe('ERR_PUBSUB_EVENTS_SER');
      expect(received).toEqual([]);
    });
  });
});
