import { randomBytes } from 'node:crypto';
import { isMetadataError } from '@dapr-ts/components-common';
import { PubSubFeature, type Message, type MessageHandler } from '@dapr-ts/components-pubsub';
import { runPubSubConformance, waitFor } from '@dapr-ts/conformance';
import { uniqueName } from '@dapr-ts/testing';
import type { Redis } from 'ioredis';
import { RedisStreamsPubSub } from './redis-streams-pubsub';
import { deleteKeys, openTestRedis, testRedisHost } from './redis-test-env';

const redisHost = testRedisHost();
/** Every stream this file creates starts with one of these, so afterAll can delete them all. */
const runId = randomBytes(4).toString('hex');
const conformanceName = `pubsub.redis-${runId}`;
const specPrefix = `pubsub-redis-spec-${runId}`;

runPubSubConformance({
  name: conformanceName,
  create: () => new RedisStreamsPubSub(),
  // Nacks come back at the next reclaim tick; processingTimeout only matters for dead consumers here.
  metadata: { redisHost, redeliverInterval: '100ms', processingTimeout: '5s' },
  operations: ['bulkPublish', 'ordering', 'multipleGroups', 'competingConsumers', 'contentType', 'metadata'],
  config: { deliveryTimeoutMs: 5000, redeliveryTimeoutMs: 5000 },
});

const text = (message: Message): string => Buffer.from(message.data).toString('utf8');
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 8000, intervalMs: 20 });

describe('RedisStreamsPubSub', () => {
  const signal = new AbortController().signal;
  let redis: Redis;
  const opened: RedisStreamsPubSub[] = [];
  const subscriptions: AbortController[] = [];

  beforeAll(async () => {
    redis = await openTestRedis();
  });
  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.abort();
    for (const pubsub of opened.splice(0)) await pubsub.close();
  });
  afterAll(async () => {
    if (!redis) return;
    await deleteKeys(redis, `${specPrefix}-*`);
    await deleteKeys(redis, `conf-${conformanceName}-*`);
    redis.disconnect();
  });

  async function open(properties: Record<string, string> = {}): Promise<RedisStreamsPubSub> {
    const pubsub = new RedisStreamsPubSub();
    await pubsub.init({ name: 'pubsub', properties: { redisHost, ...properties } }, signal);
    opened.push(pubsub);
    return pubsub;
  }
  const topic = (): string => uniqueName(specPrefix);
  const publish = (pubsub: RedisStreamsPubSub, to: string, payload: string, extra: { contentType?: string; metadata?: Record<string, string> } = {}): Promise<void> =>
    pubsub.publish({ topic: to, data: Buffer.from(payload), metadata: {}, ...extra }, signal);
  async function subscribe(pubsub: RedisStreamsPubSub, to: string, handler: MessageHandler, metadata: Record<string, string> = { consumerID: 'g' }): Promise<AbortController> {
    const subscription = new AbortController();
    subscriptions.push(subscription);
    await pubsub.subscribe({ topic: to, metadata }, handler, subscription.signal);
    return subscription;
  }
  function recorder(): { texts: string[]; handler: MessageHandler } {
    const texts: string[] = [];
    return { texts, handler: async (message) => void texts.push(text(message)) };
  }
  const pendingCount = async (stream: string, group: string): Promise<number> => Number(((await redis.xpending(stream, group)) as [number])[0]);

  describe('.features()', () => {
    it('lists BULK_PUBLISH only', () => {
      expect(new RedisStreamsPubSub().features()).toEqual([PubSubFeature.BulkPublish]);
    });
  });

  describe('.init()', () => {
    it('rejects naming Redis and the host when nothing listens there', async () => {
      const pubsub = new RedisStreamsPubSub();
      await expect(pubsub.init({ name: 'p', properties: { redisHost: '127.0.0.1:1', dialTimeout: '1s' } }, signal)).rejects.toThrow(/^pubsub\.redis: cannot connect to Redis at 127\.0\.0\.1:1: /);
    });

    it('rejects bad metadata with a MetadataError naming the field, before connecting', async () => {
      const err: unknown = await new RedisStreamsPubSub().init({ name: 'p', properties: { redisHost: '127.0.0.1:1', queueDepth: 'many' } }, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('queueDepth');
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      await expect(new RedisStreamsPubSub().init({ name: 'p', properties: { redisHost } }, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    });
  });

  describe('.publish()', () => {
    it('XADDs data, contentType and metadata fields to the stream named like the topic', async () => {
      const pubsub = await open();
      const stream = topic();
      await publish(pubsub, stream, 'hello', { contentType: 'text/plain', metadata: { a: '1' } });
      await publish(pubsub, stream, 'bare');
      const entries = await redis.xrange(stream, '-', '+');
      expect(entries.map(([, fields]) => fields)).toEqual([
        ['data', 'hello', 'contentType', 'text/plain', 'metadata', '{"a":"1"}'],
        ['data', 'bare'],
      ]);
    });

    it('keeps the stream near maxLenApprox entries', async () => {
      const pubsub = await open({ maxLenApprox: '10' });
      const stream = topic();
      for (let i = 0; i < 300; i++) await publish(pubsub, stream, `m${i}`);
      // `~` trims whole radix-tree nodes (100 entries by default), so the length stays below 300 but not at 10.
      expect(await redis.xlen(stream)).toBeLessThan(300);
    });

    it('rejects before init', async () => {
      await expect(publish(new RedisStreamsPubSub(), topic(), 'x')).rejects.toThrow('pubsub.redis is not initialised or is closed');
    });
  });

  describe('.subscribe()', () => {
    it('delivers entries published before the group existed (the group starts at 0, as in Dapr)', async () => {
      const pubsub = await open();
      const stream = topic();
      await publish(pubsub, stream, 'early');
      const { texts, handler } = recorder();
      await subscribe(pubsub, stream, handler);
      await publish(pubsub, stream, 'late');
      await until('both messages', () => texts.length === 2);
      expect(texts).toEqual(['early', 'late']);
    });

    it('uses the component consumerID when the request names none', async () => {
      const pubsub = await open({ consumerID: 'app' });
      const stream = topic();
      const { texts, handler } = recorder();
      await subscribe(pubsub, stream, handler, {});
      await publish(pubsub, stream, 'm');
      await until('the message', () => texts.length === 1);
      expect((await redis.xinfo('GROUPS', stream)) as unknown[][]).toEqual([expect.arrayContaining(['name', 'app'])]);
    });

    it('rejects with a MetadataError naming consumerID when none is set anywhere', async () => {
      const pubsub = await open();
      const err: unknown = await pubsub.subscribe({ topic: topic(), metadata: {} }, recorder().handler, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('consumerID');
    });

    it('acks a failed delivery with ackOnError, so it is not redelivered', async () => {
      const pubsub = await open({ ackOnError: 'true', redeliverInterval: '50ms' });
      const stream = topic();
      const calls: string[] = [];
      await subscribe(pubsub, stream, async (message) => {
        calls.push(text(message));
        throw new Error('fails');
      });
      await publish(pubsub, stream, 'm');
      await until('the delivery', () => calls.length === 1);
      await until('the ack', async () => (await pendingCount(stream, 'g')) === 0);
      expect(calls).toEqual(['m']);
    });

    it('removes its consumer from the group once unsubscribed with nothing pending', async () => {
      const pubsub = await open();
      const stream = topic();
      const { texts, handler } = recorder();
      const subscription = await subscribe(pubsub, stream, handler);
      await publish(pubsub, stream, 'm');
      await until('the message', () => texts.length === 1);
      expect(((await redis.xinfo('CONSUMERS', stream, 'g')) as unknown[]).length).toBe(1);
      subscription.abort();
      await until('the consumer to go', async () => ((await redis.xinfo('CONSUMERS', stream, 'g')) as unknown[]).length === 0);
    });
  });

  describe('redelivery to another consumer of the group', () => {
    const fast = { redeliverInterval: '100ms', processingTimeout: '500ms' };

    it('delivers a message whose consumer closed without acking to another instance after processingTimeout', async () => {
      const [crashing, survivor] = [await open(fast), await open(fast)];
      const stream = topic();
      const taken: string[] = [];
      // Stands for a sidecar that dies mid-handler: the handler only ends when the component closes.
      await subscribe(crashing, stream, (message, handlerSignal) => {
        taken.push(text(message));
        return new Promise((_, reject) => handlerSignal.addEventListener('abort', () => reject(new Error('closed')), { once: true }));
      });
      await publish(crashing, stream, 'in-flight', { metadata: { k: 'v' } });
      await until('the first delivery', () => taken.length === 1);
      await crashing.close();
      expect(await pendingCount(stream, 'g')).toBe(1);
      const received: Message[] = [];
      await subscribe(survivor, stream, async (message) => void received.push(message));
      await until('the redelivery', () => received.length === 1);
      expect(received.map((m) => [m.topic, text(m), m.metadata])).toEqual([[stream, 'in-flight', { k: 'v' }]]);
      await until('the ack', async () => (await pendingCount(stream, 'g')) === 0);
    });

    it('takes over a message stuck in another live consumer after processingTimeout', async () => {
      const [stuck, helper] = [await open(fast), await open(fast)];
      const stream = topic();
      const stuckCalls: string[] = [];
      await subscribe(stuck, stream, (message) => {
        stuckCalls.push(text(message));
        return new Promise<void>(() => undefined);
      });
      await publish(stuck, stream, 'slow');
      await until('the stuck delivery', () => stuckCalls.length === 1);
      const { texts, handler } = recorder();
      await subscribe(helper, stream, handler);
      await until('the takeover', () => texts.length === 1);
      expect([stuckCalls, texts]).toEqual([['slow'], ['slow']]);
    });
  });
});
