import { randomBytes } from 'node:crypto';
import { isMetadataError } from '@dapr-ts/components-common';
import { PubSubFeature, type Message, type MessageHandler } from '@dapr-ts/components-pubsub';
import { runPubSubConformance, waitFor } from '@dapr-ts/conformance';
import { closeWhileHandling, uniqueName } from '@dapr-ts/testing';
import { RabbitMQPubSub } from './rabbitmq-pubsub';
import { openTestBroker, testRabbitMQUrl, type TestBroker } from './rabbitmq-test-env';

const connectionString = testRabbitMQUrl();
const runId = randomBytes(4).toString('hex');

// Default metadata: auto-delete queues and exchanges, so the suite's random topics clean up after themselves.
runPubSubConformance({
  name: `pubsub.rabbitmq-${runId}`,
  create: () => new RabbitMQPubSub(),
  metadata: { connectionString },
  operations: ['ordering', 'multipleGroups', 'competingConsumers', 'contentType', 'metadata', 'messageTTL'],
  config: { deliveryTimeoutMs: 5000, redeliveryTimeoutMs: 5000 },
});

const text = (message: Message): string => Buffer.from(message.data).toString('utf8');
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 8000, intervalMs: 20 });

describe('RabbitMQPubSub', () => {
  const signal = new AbortController().signal;
  let broker: TestBroker;
  const opened: RabbitMQPubSub[] = [];
  const subscriptions: AbortController[] = [];
  /** Durable or dead-letter names a test created; deleted after each test. */
  const leftovers: { queues: string[]; exchanges: string[] } = { queues: [], exchanges: [] };

  beforeAll(async () => {
    broker = await openTestBroker();
  });
  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.abort();
    for (const pubsub of opened.splice(0)) await pubsub.close();
    await broker.remove({ queues: leftovers.queues.splice(0), exchanges: leftovers.exchanges.splice(0) });
  });
  afterAll(async () => {
    await broker?.close();
  });

  async function open(properties: Record<string, string> = {}): Promise<RabbitMQPubSub> {
    const pubsub = new RabbitMQPubSub();
    await pubsub.init({ name: 'pubsub', properties: { connectionString, ...properties } }, signal);
    opened.push(pubsub);
    return pubsub;
  }
  const topic = (): string => uniqueName('pubsub-rabbitmq-spec');
  const publish = (pubsub: RabbitMQPubSub, to: string, payload: string, extra: { contentType?: string; metadata?: Record<string, string> } = {}): Promise<void> =>
    pubsub.publish({ topic: to, data: Buffer.from(payload), metadata: {}, ...extra }, signal);
  async function subscribe(pubsub: RabbitMQPubSub, to: string, handler: MessageHandler, metadata: Record<string, string> = { consumerID: 'g' }): Promise<AbortController> {
    const subscription = new AbortController();
    subscriptions.push(subscription);
    await pubsub.subscribe({ topic: to, metadata }, handler, subscription.signal);
    return subscription;
  }
  function recorder(): { texts: string[]; handler: MessageHandler } {
    const texts: string[] = [];
    return { texts, handler: async (message) => void texts.push(text(message)) };
  }
  /** A plain queue bound to the topic's exchange, declared the way the component declares it (fanout, auto-delete). */
  async function tap(to: string): Promise<string> {
    const channel = await broker.channel();
    await channel.assertExchange(to, 'fanout', { durable: false, autoDelete: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, to, '');
    return queue;
  }

  describe('.features()', () => {
    it('lists MESSAGE_TTL only', () => {
      expect(new RabbitMQPubSub().features()).toEqual([PubSubFeature.MessageTTL]);
    });
  });

  describe('.init()', () => {
    it('rejects naming RabbitMQ and the target, password masked, when nothing listens there', async () => {
      const err: unknown = await new RabbitMQPubSub().init({ name: 'p', properties: { connectionString: 'amqp://u:secret@127.0.0.1:1' } }, signal).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/^pubsub\.rabbitmq: cannot connect to RabbitMQ at amqp:\/\/u:\*\*\*@127\.0\.0\.1:1: /);
    });

    it('rejects bad metadata with a MetadataError naming the field, before connecting', async () => {
      const err: unknown = await new RabbitMQPubSub().init({ name: 'p', properties: { connectionString: 'amqp://127.0.0.1:1', prefetchCount: 'many' } }, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('prefetchCount');
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      await expect(new RabbitMQPubSub().init({ name: 'p', properties: { connectionString } }, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    });
  });

  describe('.publish()', () => {
    it('resolves once the broker holds the message (publisher confirm)', async () => {
      const pubsub = await open();
      const to = topic();
      const queue = await tap(to);
      for (let i = 0; i < 5; i++) await publish(pubsub, to, `m${i}`);
      expect(await broker.readyCount(queue)).toBe(5);
    });

    it('sends content type, metadata headers and AMQP properties', async () => {
      const pubsub = await open({ deliveryMode: '2' });
      const to = topic();
      const queue = await tap(to);
      await publish(pubsub, to, 'hello', { contentType: 'text/plain', metadata: { a: '1', ttlInSeconds: '60', priority: '3', messageID: 'id-1', correlationID: 'c-1', type: 't' } });
      const got = await (await broker.channel()).get(queue, { noAck: true });
      expect(got && [got.content.toString('utf8'), got.properties]).toEqual([
        'hello',
        expect.objectContaining({
          contentType: 'text/plain',
          deliveryMode: 2,
          expiration: '60000',
          priority: 3,
          messageId: 'id-1',
          correlationId: 'c-1',
          type: 't',
          headers: { a: '1', ttlInSeconds: '60', priority: '3', messageID: 'id-1', correlationID: 'c-1', type: 't' },
        }),
      ]);
    });

    it('rejects naming the field when ttlInSeconds is not a positive integer', async () => {
      const pubsub = await open();
      const err: unknown = await publish(pubsub, topic(), 'x', { metadata: { ttlInSeconds: '0' } }).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('ttlInSeconds');
    });

    it('rejects when the exchange exists with another kind, and publishes again afterwards on a new channel', async () => {
      const pubsub = await open();
      const [clash, fine] = [topic(), topic()];
      leftovers.exchanges.push(clash);
      await (await broker.channel()).assertExchange(clash, 'direct', { durable: false, autoDelete: false });
      await expect(publish(pubsub, clash, 'x')).rejects.toThrow(/PRECONDITION_FAILED/);
      const queue = await tap(fine);
      await publish(pubsub, fine, 'y');
      expect(await broker.readyCount(queue)).toBe(1);
    });

    it('rejects before init', async () => {
      await expect(publish(new RabbitMQPubSub(), topic(), 'x')).rejects.toThrow('pubsub.rabbitmq is not initialised or is closed');
    });
  });

  describe('.subscribe()', () => {
    it('consumes queue <consumerID>-<topic>, taking the component consumerID when the request names none', async () => {
      const pubsub = await open({ consumerID: 'app' });
      const to = topic();
      const { texts, handler } = recorder();
      await subscribe(pubsub, to, handler, {});
      expect(await broker.readyCount(`app-${to}`)).toBe(0);
      await publish(pubsub, to, 'm');
      await until('the message', () => texts.length === 1);
      expect(texts).toEqual(['m']);
    });

    it('rejects with a MetadataError naming consumerID when none is set anywhere', async () => {
      const pubsub = await open();
      const err: unknown = await pubsub.subscribe({ topic: topic(), metadata: {} }, recorder().handler, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('consumerID');
    });

    it('redelivers a nacked message at once (requeue), with its metadata', async () => {
      const pubsub = await open();
      const to = topic();
      const seen: [string, Record<string, string>][] = [];
      await subscribe(pubsub, to, async (message) => {
        seen.push([text(message), message.metadata]);
        if (seen.length < 3) throw new Error('not yet');
      });
      await publish(pubsub, to, 'retry-me', { metadata: { k: 'v' } });
      await until('the third delivery', () => seen.length === 3);
      expect(seen).toEqual([
        ['retry-me', { k: 'v' }],
        ['retry-me', { k: 'v' }],
        ['retry-me', { k: 'v' }],
      ]);
      expect(await broker.readyCount(`g-${to}`)).toBe(0);
    });

    it('dead-letters a nacked message to dlq-<queue> with requeueInFailure false and enableDeadLetter', async () => {
      const pubsub = await open({ requeueInFailure: 'false', enableDeadLetter: 'true' });
      const to = topic();
      leftovers.queues.push(`dlq-g-${to}`);
      leftovers.exchanges.push(`dlx-g-${to}`);
      const calls: string[] = [];
      await subscribe(pubsub, to, async (message) => {
        calls.push(text(message));
        throw new Error('poison');
      });
      await publish(pubsub, to, 'poison');
      await until('the dead letter', async () => (await broker.readyCount(`dlq-g-${to}`)) === 1);
      expect(calls).toEqual(['poison']);
    });

    it('runs one handler at a time, in order, with concurrencyMode single', async () => {
      const pubsub = await open({ concurrencyMode: 'single' });
      const to = topic();
      const events: string[] = [];
      await subscribe(pubsub, to, async (message) => {
        events.push(`start ${text(message)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`end ${text(message)}`);
      });
      for (const payload of ['a', 'b', 'c']) await publish(pubsub, to, payload);
      await until('three handlers', () => events.length === 6);
      expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('deletes an auto-delete queue (the default) once unsubscribed', async () => {
      const pubsub = await open();
      const to = topic();
      const subscription = await subscribe(pubsub, to, recorder().handler);
      expect(await broker.readyCount(`g-${to}`)).toBe(0);
      subscription.abort();
      await until('the queue to go', async () => (await broker.readyCount(`g-${to}`)) === undefined);
    });
  });

  describe('.close()', () => {
    const durable = { durable: 'true', deletedWhenUnused: 'false' };

    it('leaves a message whose handler never finished in the durable queue, for a new instance of the group', async () => {
      const crashing = await open(durable);
      const to = topic();
      leftovers.queues.push(`g-${to}`);
      leftovers.exchanges.push(to);
      const taken: string[] = [];
      // Stands for a sidecar that dies mid-handler: the handler never settles.
      await subscribe(crashing, to, (message) => {
        taken.push(text(message));
        return new Promise<void>(() => undefined);
      });
      await publish(crashing, to, 'in-flight', { metadata: { k: 'v' } });
      await until('the first delivery', () => taken.length === 1);
      await crashing.close();
      expect(await broker.readyCount(`g-${to}`)).toBe(1);
      const survivor = await open(durable);
      const received: Message[] = [];
      await subscribe(survivor, to, async (message) => void received.push(message));
      await until('the redelivery', () => received.length === 1);
      expect(received.map((m) => [m.topic, text(m), m.metadata])).toEqual([[to, 'in-flight', { k: 'v' }]]);
      await until('the ack', async () => (await broker.readyCount(`g-${to}`)) === 0);
    });

    it('aborts the handlers signal and rejects later publishes', async () => {
      const pubsub = await open();
      const to = topic();
      const seen = await closeWhileHandling({ subscribe: (handler) => subscribe(pubsub, to, handler), publish: (payload) => publish(pubsub, to, payload), close: () => pubsub.close(), until });
      expect(seen).toEqual({ handlerSignalsAborted: [true], latePublishError: 'pubsub.rabbitmq is not initialised or is closed' });
    });
  });
});
