import { randomBytes } from 'node:crypto';
import { isMetadataError } from '@dapr-ts/components-common';
import { type Message, type MessageHandler } from '@dapr-ts/components-pubsub';
import { runPubSubConformance, waitFor } from '@dapr-ts/conformance';
import { closeWhileHandling, receiveAcrossResubscribe, uniqueName } from '@dapr-ts/testing';
import { durableNameFor } from './jetstream-consumer';
import { JetStreamPubSub } from './jetstream-pubsub';
import { openTestNats, testNatsUrl, type TestNats } from './nats-test-env';

const natsURL = testNatsUrl();
const runId = randomBytes(4).toString('hex');
let nats: TestNats | undefined;

// Streams are the operator's (as in Dapr): one per run captures the suite's topics
// (`conf-pubsub.jetstream.<runId>.c-<label>-<random>`), deleted with its consumers afterwards.
beforeAll(async () => {
  nats = await openTestNats();
  await nats.stream(`conformance-${runId}`, [`conf-pubsub.jetstream.${runId}.*`]);
});
afterAll(async () => {
  await nats?.close();
});

runPubSubConformance({
  name: `pubsub.jetstream.${runId}.c`,
  create: () => new JetStreamPubSub(),
  metadata: { natsURL },
  operations: ['ordering', 'multipleGroups', 'competingConsumers', 'contentType', 'metadata'],
  config: { deliveryTimeoutMs: 5000, redeliveryTimeoutMs: 10_000 },
});

const text = (message: Message): string => Buffer.from(message.data).toString('utf8');
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 10_000, intervalMs: 20 });

describe('JetStreamPubSub', () => {
  const signal = new AbortController().signal;
  const opened: JetStreamPubSub[] = [];
  const subscriptions: AbortController[] = [];
  const test = (): TestNats => {
    if (!nats) throw new Error('NATS is not connected');
    return nats;
  };

  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.abort();
    for (const pubsub of opened.splice(0)) await pubsub.close();
  });

  async function open(properties: Record<string, string> = {}): Promise<JetStreamPubSub> {
    const pubsub = new JetStreamPubSub();
    await pubsub.init({ name: 'pubsub', properties: { natsURL, ...properties } }, signal);
    opened.push(pubsub);
    return pubsub;
  }
  /** A fresh subject with a stream of its own; the stream name is returned too. */
  async function topic(): Promise<{ subject: string; stream: string }> {
    const subject = uniqueName('jetstream-spec');
    return { subject, stream: await test().stream(subject, [subject]) };
  }
  const publish = (pubsub: JetStreamPubSub, to: string, payload: string, extra: { contentType?: string; metadata?: Record<string, string> } = {}): Promise<void> =>
    pubsub.publish({ topic: to, data: Buffer.from(payload), metadata: {}, ...extra }, signal);
  async function subscribe(pubsub: JetStreamPubSub, to: string, handler: MessageHandler, metadata: Record<string, string> = { consumerID: 'g' }): Promise<AbortController> {
    const subscription = new AbortController();
    subscriptions.push(subscription);
    await pubsub.subscribe({ topic: to, metadata }, handler, subscription.signal);
    return subscription;
  }
  function recorder(): { messages: Message[]; texts: () => string[]; handler: MessageHandler } {
    const messages: Message[] = [];
    return { messages, texts: () => messages.map(text), handler: async (message) => void messages.push(message) };
  }

  describe('.features()', () => {
    it('lists none', () => {
      expect(new JetStreamPubSub().features()).toEqual([]);
    });
  });

  describe('.init()', () => {
    it('rejects naming NATS and the target, password masked, when nothing listens there', async () => {
      const err: unknown = await new JetStreamPubSub().init({ name: 'p', properties: { natsURL: 'nats://u:secret@127.0.0.1:1' } }, signal).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/^pubsub\.jetstream: cannot connect to NATS at nats:\/\/u:\*\*\*@127\.0\.0\.1:1: /);
    });

    it('rejects bad metadata with a MetadataError naming the field, before connecting', async () => {
      const err: unknown = await new JetStreamPubSub().init({ name: 'p', properties: { natsURL: 'nats://127.0.0.1:1', seedKey: 'SU' } }, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('seedKey');
    });
  });

  describe('.publish()', () => {
    it('stores the payload with its content type and metadata as headers, and a CloudEvent id as Nats-Msg-Id', async () => {
      const pubsub = await open();
      const { subject, stream } = await topic();
      const event = JSON.stringify({ specversion: '1.0', id: 'evt-1', source: 's', type: 't', data: {} });
      await publish(pubsub, subject, event, { contentType: 'application/cloudevents+json', metadata: { a: '1' } });
      // Sent again (a retried publish): the stream drops the duplicate.
      await publish(pubsub, subject, event, { contentType: 'application/cloudevents+json', metadata: { a: '1' } });
      await publish(pubsub, subject, 'raw');
      const stored = await test().manager.streams.getMessage(stream, { seq: 1 });
      const headers = Object.fromEntries([...(stored.header?.keys() ?? [])].map((key) => [key, stored.header?.get(key)]));
      expect([(await test().manager.streams.info(stream)).state.messages, stored.string(), headers]).toEqual([2, event, { 'Content-Type': 'application/cloudevents+json', a: '1', 'Nats-Msg-Id': 'evt-1' }]);
    });

    it('rejects naming the subject when no stream captures it', async () => {
      const pubsub = await open();
      const subject = uniqueName('jetstream-nostream');
      await expect(publish(pubsub, subject, 'x')).rejects.toThrow(`pubsub.jetstream: no JetStream stream captures subject ${subject} on NATS at ${natsURL}; create one (e.g. nats stream add <name> --subjects "${subject}")`);
    });

    it('rejects when streamName is another stream than the one capturing the subject', async () => {
      const { stream } = await topic();
      const other = await topic();
      const pubsub = await open({ streamName: stream });
      await expect(publish(pubsub, other.subject, 'x')).rejects.toThrow(/^pubsub\.jetstream: publish to .* failed: .*stream/i);
    });

    it('rejects before init', async () => {
      await expect(publish(new JetStreamPubSub(), 'x', 'x')).rejects.toThrow('pubsub.jetstream is not initialised or is closed');
    });
  });

  describe('.subscribe()', () => {
    it('creates durable consumer <consumerID>-<topic> in the stream, taking the component consumerID when the request names none', async () => {
      const pubsub = await open({ consumerID: 'app' });
      const { subject, stream } = await topic();
      const { messages, handler } = recorder();
      await subscribe(pubsub, subject, handler, {});
      await publish(pubsub, subject, 'm', { metadata: { k: 'v' } });
      await until('the message', () => messages.length === 1);
      const info = await test().manager.consumers.info(stream, durableNameFor('app', subject));
      expect([info.config.durable_name, info.config.deliver_group, info.config.filter_subject, info.config.ack_policy]).toEqual([`app-${subject}`, `app-${subject}`, subject, 'explicit']);
      expect(messages.map((m) => [m.topic, text(m), m.metadata])).toEqual([[subject, 'm', { k: 'v', Topic: subject }]]);
    });

    it('uses durableName and queueGroupName when set, and refuses a second topic on the same durable', async () => {
      const pubsub = await open({ durableName: 'fixed', queueGroupName: 'workers' });
      const first = await topic();
      const second = await topic();
      await subscribe(pubsub, first.subject, recorder().handler);
      const info = await test().manager.consumers.info(first.stream, 'fixed');
      expect([info.config.deliver_group, info.config.filter_subject]).toEqual(['workers', first.subject]);
      // Another stream, same durable name: fine. The same stream would refuse a second subject.
      await subscribe(pubsub, second.subject, recorder().handler);
      const sharedStream = await test().stream(uniqueName('jetstream-shared'), [`${first.subject}-shared.*`]);
      await subscribe(pubsub, `${first.subject}-shared.a`, recorder().handler);
      await expect(subscribe(pubsub, `${first.subject}-shared.b`, recorder().handler)).rejects.toThrow(
        `pubsub.jetstream: consumer fixed of stream ${sharedStream} follows subject ${first.subject}-shared.a, not ${first.subject}-shared.b; give each topic its own durableName, or leave durableName unset`,
      );
    });

    it('rejects naming the subject when no stream captures it', async () => {
      const pubsub = await open();
      const subject = uniqueName('jetstream-nostream');
      await expect(subscribe(pubsub, subject, recorder().handler)).rejects.toThrow(`pubsub.jetstream: no JetStream stream captures subject ${subject}`);
    });

    it('rejects with a MetadataError naming consumerID when none is set anywhere', async () => {
      const pubsub = await open();
      const { subject } = await topic();
      const err: unknown = await pubsub.subscribe({ topic: subject, metadata: {} }, recorder().handler, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('consumerID');
    });

    it('shares a group between two component instances (two sidecars), each message going to one of them', async () => {
      const [left, right] = [await open(), await open()];
      const { subject } = await topic();
      const [a, b] = [recorder(), recorder()];
      await subscribe(left, subject, a.handler);
      await subscribe(right, subject, b.handler);
      const sent = Array.from({ length: 20 }, (_, i) => `m${i}`);
      for (const payload of sent) await publish(left, subject, payload);
      await until('every message', () => a.messages.length + b.messages.length === sent.length);
      expect([...a.texts(), ...b.texts()].sort()).toEqual([...sent].sort());
    });

    it('runs handlers at once with concurrencyMode parallel', async () => {
      const pubsub = await open({ concurrencyMode: 'parallel' });
      const { subject } = await topic();
      const started: string[] = [];
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      await subscribe(pubsub, subject, async (message) => {
        started.push(text(message));
        await released;
      });
      for (const payload of ['a', 'b', 'c']) await publish(pubsub, subject, payload);
      await until('three handlers running together', () => started.length === 3);
      release();
      expect(started.sort()).toEqual(['a', 'b', 'c']);
    });

    it.each([
      ['ackWait', { ackWait: '1s' }],
      ['the first backOff value (JetStream’s first ack wait)', { backOff: '500ms, 5s', maxDeliver: '5' }],
    ])('keeps a slow handler’s message from being redelivered while it runs longer than %s', async (_case, properties) => {
      const pubsub = await open(properties);
      const { subject } = await topic();
      const calls: string[] = [];
      await subscribe(pubsub, subject, async (message) => {
        calls.push(text(message));
        if (text(message) === 'slow') await new Promise((resolve) => setTimeout(resolve, 2500));
      });
      await publish(pubsub, subject, 'slow');
      await publish(pubsub, subject, 'next');
      await until('the next message', () => calls.includes('next'));
      // Redeliveries would have queued ahead of a message published now.
      await publish(pubsub, subject, 'last');
      await until('the last message', () => calls.includes('last'));
      expect(calls).toEqual(['slow', 'next', 'last']);
    }, 20_000);

    it('redelivers a nakked message on the backOff schedule until the handler succeeds', async () => {
      const pubsub = await open({ backOff: '10ms, 20ms', maxDeliver: '5' });
      const { subject } = await topic();
      const calls: string[] = [];
      await subscribe(pubsub, subject, async (message) => {
        calls.push(text(message));
        if (calls.length < 4) throw new Error('not yet');
      });
      await publish(pubsub, subject, 'again');
      await until('the fourth delivery', () => calls.length === 4);
      expect(calls).toEqual(['again', 'again', 'again', 'again']);
    });
  });

  describe('durability', () => {
    it('redelivers what a closed instance left unacked, and what was published meanwhile, to the next instance of the group', async () => {
      const [crashing, publisher] = [await open({ ackWait: '1s' }), await open()];
      const { subject } = await topic();
      const taken: string[] = [];
      // Stands for a sidecar that dies mid-handler: the handler never settles.
      await subscribe(crashing, subject, (message) => {
        taken.push(text(message));
        return new Promise<void>(() => undefined);
      });
      await publish(publisher, subject, 'in-flight');
      await publish(publisher, subject, 'queued');
      await until('the first delivery', () => taken.length === 1);
      await crashing.close();
      await publish(publisher, subject, 'while-down');
      const survivor = await open({ ackWait: '1s' });
      const { texts, handler } = recorder();
      await subscribe(survivor, subject, handler);
      await until('three messages', () => texts().length >= 3);
      expect([taken, [...new Set(texts())].sort()]).toEqual([['in-flight'], ['in-flight', 'queued', 'while-down']]);
    }, 20_000);

    it('keeps the consumer when a subscription is aborted, so the group gets what was published meanwhile', async () => {
      const pubsub = await open();
      const { subject } = await topic();
      const received = await receiveAcrossResubscribe({ subscribe: (handler) => subscribe(pubsub, subject, handler), publish: (payload) => publish(pubsub, subject, payload), until });
      expect(received).toEqual([['one'], ['two']]);
    });
  });

  describe('.close()', () => {
    it('aborts the handlers signal and rejects later publishes', async () => {
      const pubsub = await open();
      const { subject } = await topic();
      const seen = await closeWhileHandling({ subscribe: (handler) => subscribe(pubsub, subject, handler), publish: (payload) => publish(pubsub, subject, payload), close: () => pubsub.close(), until });
      expect(seen).toEqual({ handlerSignalsAborted: [true], latePublishError: 'pubsub.jetstream is not initialised or is closed' });
    });
  });
});
