import { runPubSubConformance, waitFor } from '@dapr-ts/conformance';
import { PubSubFeature, type Message, type MessageHandler } from '@dapr-ts/components-pubsub';
import { InMemoryPubSub } from './in-memory-pubsub';

runPubSubConformance({
  name: 'pubsub.in-memory',
  create: () => new InMemoryPubSub(),
  metadata: { redeliverInterval: '10ms' },
  operations: ['bulkPublish', 'ordering', 'multipleGroups', 'competingConsumers', 'contentType', 'metadata'],
  // Everything is local: fail in seconds rather than the defaults meant for real brokers.
  config: { deliveryTimeoutMs: 2000, redeliveryTimeoutMs: 3000 },
});

const text = (message: Message): string => Buffer.from(message.data).toString('utf8');
/** Lets queued microtasks (handler calls and their settling) run. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Waits (bounded) for deliveries that follow a timer, such as a 1 ms redelivery. */
const until = (what: string, check: () => boolean): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 2000, intervalMs: 1 });

/** Records the payloads it is given and acks them all. */
function recorder(): { texts: string[]; handler: MessageHandler } {
  const texts: string[] = [];
  return { texts, handler: async (message) => void texts.push(text(message)) };
}

/** A handler whose calls stay running until the test acks or nacks them. */
class Gate {
  readonly started: string[] = [];
  private readonly running: { text: string; resolve: () => void }[] = [];
  readonly handler: MessageHandler = (message) =>
    new Promise<void>((resolve) => {
      this.started.push(text(message));
      this.running.push({ text: text(message), resolve });
    });
  /** Acks the oldest running call. */
  ackOne(): void {
    this.running.shift()?.resolve();
  }
}

describe('InMemoryPubSub', () => {
  const signal = new AbortController().signal;
  const opened: InMemoryPubSub[] = [];
  afterEach(async () => {
    for (const pubsub of opened.splice(0)) await pubsub.close();
  });

  async function open(properties: Record<string, string> = {}): Promise<InMemoryPubSub> {
    const pubsub = new InMemoryPubSub();
    await pubsub.init({ name: 'pubsub', properties }, signal);
    opened.push(pubsub);
    return pubsub;
  }
  const publish = (pubsub: InMemoryPubSub, payload: string, extra: { contentType?: string; metadata?: Record<string, string> } = {}): Promise<void> =>
    pubsub.publish({ topic: 'orders', data: Buffer.from(payload), metadata: {}, ...extra }, signal);
  async function subscribe(pubsub: InMemoryPubSub, handler: MessageHandler, metadata: Record<string, string> = {}): Promise<AbortController> {
    const subscription = new AbortController();
    await pubsub.subscribe({ topic: 'orders', metadata }, handler, subscription.signal);
    return subscription;
  }

  describe('.features()', () => {
    it('lists BULK_PUBLISH only', () => {
      expect(new InMemoryPubSub().features()).toEqual([PubSubFeature.BulkPublish]);
    });
  });

  describe('.init()', () => {
    it('rejects bad metadata with a MetadataError naming the field', async () => {
      await expect(new InMemoryPubSub().init({ name: 'p', properties: { redeliverInterval: 'never' } }, signal)).rejects.toMatchObject({
        name: 'MetadataError',
        field: 'redeliverInterval',
      });
    });

    it('opens a closed broker again, empty', async () => {
      const pubsub = await open();
      const before = recorder();
      await subscribe(pubsub, before.handler, { consumerID: 'g' });
      await pubsub.close();
      await pubsub.init({ name: 'pubsub', properties: {} }, signal);
      const after = recorder();
      await subscribe(pubsub, after.handler, { consumerID: 'g' });
      await publish(pubsub, 'm');
      await flush();
      expect([before.texts, after.texts]).toEqual([[], ['m']]);
    });
  });

  describe('.publish()', () => {
    it('drops messages published before the topic has any subscription', async () => {
      const pubsub = await open();
      const { texts, handler } = recorder();
      await publish(pubsub, 'early');
      await subscribe(pubsub, handler);
      await publish(pubsub, 'late');
      await flush();
      expect(texts).toEqual(['late']);
    });

    it('keeps its own copy of the payload and metadata', async () => {
      const pubsub = await open();
      (await subscribe(pubsub, recorder().handler, { consumerID: 'g' })).abort();
      const data = Buffer.from('original');
      const metadata = { key: 'original' };
      await pubsub.publish({ topic: 'orders', data, metadata }, signal);
      data.write('tampered');
      metadata.key = 'tampered';
      const received: Message[] = [];
      await subscribe(pubsub, async (message) => void received.push(message), { consumerID: 'g' });
      await flush();
      expect(received.map((message) => [text(message), message.metadata])).toEqual([['original', { key: 'original' }]]);
    });

    it('hands every group and every redelivery a copy of its own', async () => {
      const pubsub = await open({ redeliverInterval: '1ms' });
      const seen: [string, string, Record<string, string>][] = [];
      const vandal = (group: string): MessageHandler => async (message) => {
        seen.push([group, text(message), { ...message.metadata }]);
        Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength).write('XX');
        message.metadata['key'] = 'XX';
        if (seen.filter(([g]) => g === group).length === 1) throw new Error('nack once');
      };
      await subscribe(pubsub, vandal('a'), { consumerID: 'a' });
      await subscribe(pubsub, vandal('b'), { consumerID: 'b' });
      await publish(pubsub, 'payload', { metadata: { key: 'value' } });
      await until('four deliveries', () => seen.length === 4);
      expect(seen).toEqual([
        ['a', 'payload', { key: 'value' }],
        ['b', 'payload', { key: 'value' }],
        ['a', 'payload', { key: 'value' }],
        ['b', 'payload', { key: 'value' }],
      ]);
    });

    it('rejects with the abort reason, queuing nothing, when the signal is aborted', async () => {
      const pubsub = await open();
      const { texts, handler } = recorder();
      await subscribe(pubsub, handler);
      const aborted = new AbortController();
      aborted.abort(new Error('shutting down'));
      await expect(pubsub.publish({ topic: 'orders', data: Buffer.from('m'), metadata: {} }, aborted.signal)).rejects.toThrow('shutting down');
      await flush();
      expect(texts).toEqual([]);
    });

    it('rejects once closed', async () => {
      const pubsub = await open();
      await pubsub.close();
      await expect(publish(pubsub, 'm')).rejects.toThrow('pubsub.in-memory is closed');
    });
  });

  describe('.bulkPublish()', () => {
    it('queues the entries in order, each with the request metadata under its own', async () => {
      const pubsub = await open();
      const received: Message[] = [];
      await subscribe(pubsub, async (message) => void received.push(message));
      const response = await pubsub.bulkPublish(
        {
          topic: 'orders',
          metadata: { shared: 'request', key: 'request' },
          entries: [
            { entryId: '1', data: Buffer.from('e1'), contentType: 'text/plain', metadata: { key: 'entry' } },
            { entryId: '2', data: Buffer.from('e2'), metadata: {} },
          ],
        },
        signal,
      );
      await flush();
      expect(response).toEqual({ failedEntries: [] });
      expect(received.map((message) => ({ ...message, data: text(message) }))).toEqual([
        { topic: 'orders', data: 'e1', contentType: 'text/plain', metadata: { shared: 'request', key: 'entry' } },
        { topic: 'orders', data: 'e2', metadata: { shared: 'request', key: 'request' } },
      ]);
    });
  });

  describe('.subscribe()', () => {
    it('shares a consumerID group round-robin between its subscribers', async () => {
      const pubsub = await open();
      const [a, b] = [recorder(), recorder()];
      await subscribe(pubsub, a.handler, { consumerID: 'g' });
      await subscribe(pubsub, b.handler, { consumerid: 'g' });
      for (const payload of ['m0', 'm1', 'm2', 'm3', 'm4']) await publish(pubsub, payload);
      await flush();
      expect([a.texts, b.texts]).toEqual([
        ['m0', 'm2', 'm4'],
        ['m1', 'm3'],
      ]);
    });

    it.each([
      ['different consumerIDs', {}, { consumerID: 'a' }, { consumerID: 'b' }],
      ['no consumerID anywhere', {}, {}, {}],
      ['a request consumerID overriding the component one', { consumerID: 'app' }, {}, { consumerID: 'other' }],
    ])('gives every message to each of two subscriptions with %s', async (_, component, first, second) => {
      const pubsub = await open(component);
      const [a, b] = [recorder(), recorder()];
      await subscribe(pubsub, a.handler, first);
      await subscribe(pubsub, b.handler, second);
      for (const payload of ['m0', 'm1']) await publish(pubsub, payload);
      await flush();
      expect([a.texts, b.texts]).toEqual([
        ['m0', 'm1'],
        ['m0', 'm1'],
      ]);
    });

    it('groups subscriptions without a consumerID under the component consumerID', async () => {
      const pubsub = await open({ consumerID: 'app' });
      const [a, b] = [recorder(), recorder()];
      await subscribe(pubsub, a.handler);
      await subscribe(pubsub, b.handler, { consumerID: 'app' });
      for (const payload of ['m0', 'm1']) await publish(pubsub, payload);
      await flush();
      expect([a.texts, b.texts]).toEqual([['m0'], ['m1']]);
    });

    it('starts first deliveries in publish order across a backlog of 3000 messages', async () => {
      const pubsub = await open({ maxConcurrentHandlers: '1' });
      (await subscribe(pubsub, recorder().handler, { consumerID: 'g' })).abort();
      const sent = Array.from({ length: 3000 }, (_, i) => `m${i}`);
      for (const payload of sent.slice(0, 2000)) await publish(pubsub, payload);
      const { texts, handler } = recorder();
      await subscribe(pubsub, handler, { consumerID: 'g' });
      for (const payload of sent.slice(2000)) await publish(pubsub, payload);
      await until('every message', () => texts.length === sent.length);
      expect(texts).toEqual(sent);
    });

    it('runs at most 100 handlers per subscriber by default', async () => {
      const pubsub = await open();
      const gate = new Gate();
      await subscribe(pubsub, gate.handler);
      for (let i = 0; i < 101; i++) await publish(pubsub, `m${i}`);
      await flush();
      const before = gate.started.length;
      gate.ackOne();
      await flush();
      expect([before, gate.started.length, gate.started.at(-1)]).toEqual([100, 101, 'm100']);
    });

    it('applies maxConcurrentHandlers to each subscriber separately', async () => {
      const pubsub = await open({ maxConcurrentHandlers: '1' });
      const [a, b] = [new Gate(), new Gate()];
      await subscribe(pubsub, a.handler, { consumerID: 'g' });
      await subscribe(pubsub, b.handler, { consumerID: 'g' });
      for (const payload of ['m0', 'm1', 'm2']) await publish(pubsub, payload);
      await flush();
      expect([a.started, b.started]).toEqual([['m0'], ['m1']]);
      b.ackOne();
      await flush();
      expect([a.started, b.started]).toEqual([['m0'], ['m1', 'm2']]);
    });

    it('runs handlers without bound when maxConcurrentHandlers is 0', async () => {
      const pubsub = await open({ maxConcurrentHandlers: '0' });
      const gate = new Gate();
      await subscribe(pubsub, gate.handler);
      for (let i = 0; i < 250; i++) await publish(pubsub, `m${i}`);
      await flush();
      expect(gate.started.length).toBe(250);
    });

    it('treats a handler that throws synchronously as a nack', async () => {
      const pubsub = await open({ redeliverInterval: '1ms' });
      const calls: string[] = [];
      await subscribe(pubsub, (message) => {
        calls.push(text(message));
        if (calls.length === 1) throw new Error('sync failure');
        return Promise.resolve();
      });
      await publish(pubsub, 'm');
      await until('the redelivery', () => calls.length === 2);
      expect(calls).toEqual(['m', 'm']);
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      const pubsub = await open();
      const aborted = new AbortController();
      aborted.abort(new Error('gone'));
      await expect(pubsub.subscribe({ topic: 'orders', metadata: {} }, recorder().handler, aborted.signal)).rejects.toThrow('gone');
    });

    it('rejects once closed', async () => {
      const pubsub = await open();
      await pubsub.close();
      await expect(subscribe(pubsub, recorder().handler)).rejects.toThrow('pubsub.in-memory is closed');
    });
  });
});
