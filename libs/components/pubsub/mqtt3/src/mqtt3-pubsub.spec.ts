import { randomBytes } from 'node:crypto';
import { isMetadataError } from '@dapr-ts/components-common';
import { PubSubFeature, type Message, type MessageHandler } from '@dapr-ts/components-pubsub';
import { runPubSubConformance, waitFor } from '@dapr-ts/conformance';
import { closeWhileHandling, receiveAcrossResubscribe, uniqueName } from '@dapr-ts/testing';
import type { MqttClient } from 'mqtt';
import { subscriptionClientId } from './client-ids';
import { Mqtt3PubSub } from './mqtt3-pubsub';
import { discardSession, openTestMqtt, testMqttUrl } from './mqtt-test-env';

const url = testMqttUrl();
const runId = randomBytes(4).toString('hex');

// Fails the run naming the broker when it is unreachable (the suites below would only say "cannot connect").
beforeAll(async () => {
  await (await openTestMqtt(uniqueName('spec-tap'))).endAsync();
});

// Durable sessions (cleanSession false, Dapr's default): nacks come back through a reconnect.
// Competing consumers are not declared: MQTT 3 cannot share a group between sidecars.
runPubSubConformance({
  name: `pubsub.mqtt3-${runId}`,
  create: () => new Mqtt3PubSub(),
  metadata: { url },
  operations: ['ordering', 'multipleGroups', 'subscribeWildcards'],
  config: { deliveryTimeoutMs: 5000, redeliveryTimeoutMs: 10_000 },
});

const text = (message: Message): string => Buffer.from(message.data).toString('utf8');
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 10_000, intervalMs: 20 });

describe('Mqtt3PubSub', () => {
  const signal = new AbortController().signal;
  const opened: Mqtt3PubSub[] = [];
  const subscriptions: AbortController[] = [];
  const taps: MqttClient[] = [];
  /** Durable sessions a test left on the broker: discarded after each test. */
  const sessions: string[] = [];

  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.abort();
    for (const pubsub of opened.splice(0)) await pubsub.close();
    for (const tap of taps.splice(0)) await tap.endAsync();
    for (const clientId of sessions.splice(0)) await discardSession(clientId);
  });

  async function open(properties: Record<string, string> = {}, brokerUrl = url): Promise<Mqtt3PubSub> {
    const pubsub = new Mqtt3PubSub();
    await pubsub.init({ name: 'pubsub', properties: { url: brokerUrl, ...properties } }, signal);
    opened.push(pubsub);
    return pubsub;
  }
  const topic = (): string => uniqueName('pubsub-mqtt3-spec');
  const publish = (pubsub: Mqtt3PubSub, to: string, payload: string, metadata: Record<string, string> = {}): Promise<void> =>
    pubsub.publish({ topic: to, data: Buffer.from(payload), metadata }, signal);
  /** Subscribes in group `group`; its session is discarded after the test. */
  async function subscribe(pubsub: Mqtt3PubSub, to: string, handler: MessageHandler, group = 'g'): Promise<AbortController> {
    const subscription = new AbortController();
    subscriptions.push(subscription);
    sessions.push(subscriptionClientId(group, to));
    await pubsub.subscribe({ topic: to, metadata: { consumerID: group } }, handler, subscription.signal);
    return subscription;
  }
  function recorder(): { messages: Message[]; texts: () => string[]; handler: MessageHandler } {
    const messages: Message[] = [];
    return { messages, texts: () => messages.map(text), handler: async (message) => void messages.push(message) };
  }
  /** A plain subscriber on `filter`, collecting what the broker sends. */
  async function tap(filter: string): Promise<{ payload: string; retain: boolean; qos: number }[]> {
    const client = await openTestMqtt(uniqueName('spec-tap'));
    taps.push(client);
    const seen: { payload: string; retain: boolean; qos: number }[] = [];
    client.on('message', (_topic, payload, packet) => seen.push({ payload: payload.toString('utf8'), retain: packet.retain, qos: packet.qos }));
    await client.subscribeAsync(filter, { qos: 2 });
    return seen;
  }

  describe('.features()', () => {
    it('lists SUBSCRIBE_WILDCARDS only', () => {
      expect(new Mqtt3PubSub().features()).toEqual([PubSubFeature.SubscribeWildcards]);
    });
  });

  describe('.init()', () => {
    it('rejects naming the broker and the target, password masked, when nothing listens there', async () => {
      const err: unknown = await new Mqtt3PubSub().init({ name: 'p', properties: { url: 'tcp://u:secret@127.0.0.1:1', consumerID: 'app' } }, signal).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/^pubsub\.mqtt3: cannot connect to the MQTT broker at tcp:\/\/u:\*\*\*@127\.0\.0\.1:1 as app-pub-[0-9a-f]{8}: /);
    });

    it('rejects bad metadata with a MetadataError naming the field, before connecting', async () => {
      const err: unknown = await new Mqtt3PubSub().init({ name: 'p', properties: { url: 'tcp://127.0.0.1:1', qos: '5' } }, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('qos');
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      await expect(new Mqtt3PubSub().init({ name: 'p', properties: { url } }, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    });
  });

  describe('.publish()', () => {
    it('publishes the payload at the configured QoS, retained when the request says so', async () => {
      const pubsub = await open({ qos: '2' });
      const to = topic();
      const seen = await tap(to);
      await publish(pubsub, to, 'plain');
      await publish(pubsub, to, 'kept', { retain: 'true' });
      await until('both messages', () => seen.length === 2);
      // A new subscriber gets the retained one, flagged as such; an empty retained payload clears it.
      const late = await tap(to);
      await until('the retained message', () => late.length === 1);
      await publish(pubsub, to, '', { retain: 'true' });
      expect([seen, late]).toEqual([
        [
          { payload: 'plain', retain: false, qos: 2 },
          { payload: 'kept', retain: false, qos: 2 },
        ],
        [{ payload: 'kept', retain: true, qos: 2 }],
      ]);
    });

    it('rejects naming the topic when it holds a wildcard', async () => {
      const pubsub = await open();
      await expect(publish(pubsub, 'a/+/b', 'x')).rejects.toThrow('pubsub.mqtt3: cannot publish to "a/+/b": a topic name must be non-empty and hold no wildcard (+, #)');
    });

    it('rejects before init', async () => {
      await expect(publish(new Mqtt3PubSub(), topic(), 'x')).rejects.toThrow('pubsub.mqtt3 is not initialised or is closed');
    });
  });

  describe('.subscribe()', () => {
    it('rejects with a MetadataError naming consumerID when none is set anywhere', async () => {
      const pubsub = await open();
      const err: unknown = await pubsub.subscribe({ topic: topic(), metadata: {} }, recorder().handler, signal).catch((e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('consumerID');
    });

    it('takes the component consumerID when the request names none, with metadata "retained"', async () => {
      const pubsub = await open({ consumerID: 'app' });
      const to = topic();
      const { messages, handler } = recorder();
      const subscription = new AbortController();
      subscriptions.push(subscription);
      sessions.push(subscriptionClientId('app', to));
      await pubsub.subscribe({ topic: to, metadata: {} }, handler, subscription.signal);
      await publish(pubsub, to, 'm');
      await until('the message', () => messages.length === 1);
      expect(messages.map((m) => [m.topic, text(m), m.metadata])).toEqual([[to, 'm', { retained: 'false' }]]);
    });

    it('expands + and # filters, giving each message the topic it was published to', async () => {
      const pubsub = await open();
      const base = topic();
      const [single, multi] = [recorder(), recorder()];
      await subscribe(pubsub, `${base}/+/x`, single.handler, 'single');
      await subscribe(pubsub, `${base}/#`, multi.handler, 'multi');
      await publish(pubsub, `${base}/a/x`, '1');
      await publish(pubsub, `${base}/b/y/z`, '2');
      await until('both messages under #', () => multi.messages.length === 2);
      await until('one message under +', () => single.messages.length === 1);
      expect([single.messages.map((m) => [m.topic, text(m)]), multi.messages.map((m) => [m.topic, text(m)])]).toEqual([
        [[`${base}/a/x`, '1']],
        [
          [`${base}/a/x`, '1'],
          [`${base}/b/y/z`, '2'],
        ],
      ]);
    });

    it('takes turns between subscribers of one group in this process', async () => {
      const pubsub = await open();
      const to = topic();
      const [left, right] = [recorder(), recorder()];
      await subscribe(pubsub, to, left.handler);
      await subscribe(pubsub, to, right.handler);
      for (const payload of ['a', 'b', 'c', 'd']) await publish(pubsub, to, payload);
      await until('four messages', () => left.messages.length + right.messages.length === 4);
      expect([left.texts(), right.texts()]).toEqual([
        ['a', 'c'],
        ['b', 'd'],
      ]);
    });

    it('redelivers a nacked QoS 2 message (released again when the session reconnects)', async () => {
      const pubsub = await open({ qos: '2' });
      const to = topic();
      const calls: string[] = [];
      await subscribe(pubsub, to, async (message) => {
        calls.push(text(message));
        if (calls.length === 1) throw new Error('not yet');
      });
      await publish(pubsub, to, 'exactly-once-ish');
      await until('the second delivery', () => calls.length === 2);
      expect(calls).toEqual(['exactly-once-ish', 'exactly-once-ish']);
    });

    it('retries a failed handler in place backOffMaxRetries times, then drops the message with cleanSession', async () => {
      const pubsub = await open({ cleanSession: 'true', backOffMaxRetries: '2', backOffDuration: '10ms' });
      const to = topic();
      const calls: string[] = [];
      await subscribe(pubsub, to, async (message) => {
        calls.push(text(message));
        if (text(message) === 'poison') throw new Error('poison');
      });
      await publish(pubsub, to, 'poison');
      await publish(pubsub, to, 'next');
      await until('the next message', () => calls.includes('next'));
      expect(calls).toEqual(['poison', 'poison', 'poison', 'next']);
    });

    it('retries in place until the handler succeeds with backOffMaxRetries -1', async () => {
      const pubsub = await open({ backOffMaxRetries: '-1', backOffDuration: '10ms' });
      const to = topic();
      const calls: string[] = [];
      await subscribe(pubsub, to, async (message) => {
        calls.push(text(message));
        if (calls.length < 4) throw new Error('not yet');
      });
      await publish(pubsub, to, 'stubborn');
      await until('the fourth call', () => calls.length === 4);
      expect(calls).toEqual(['stubborn', 'stubborn', 'stubborn', 'stubborn']);
    });
  });

  describe('durable sessions (cleanSession false)', () => {
    it('keeps what was unacked and what was published while no one listened, for the next subscriber of the group', async () => {
      const [crashing, publisher] = [await open(), await open()];
      const to = topic();
      const taken: string[] = [];
      // Stands for a sidecar that dies mid-handler: the handler never settles.
      await subscribe(crashing, to, (message) => {
        taken.push(text(message));
        return new Promise<void>(() => undefined);
      });
      await publish(publisher, to, 'in-flight');
      await publish(publisher, to, 'queued');
      await until('the first delivery', () => taken.length === 1);
      await crashing.close();
      await publish(publisher, to, 'while-down');
      const survivor = await open();
      const { texts, handler } = recorder();
      await subscribe(survivor, to, handler);
      await until('three messages', () => texts().length === 3);
      expect([taken, texts()]).toEqual([['in-flight'], ['in-flight', 'queued', 'while-down']]);
    }, 20_000);

    it('subscribes without waiting for the kept backlog to be handled', async () => {
      const [first, publisher] = [await open(), await open()];
      const to = topic();
      await subscribe(first, to, recorder().handler);
      await first.close();
      for (const payload of ['a', 'b']) await publish(publisher, to, payload);
      const restarted = await open();
      const started: string[] = [];
      // The first kept message blocks its session for good; subscribe() must still return.
      await subscribe(restarted, to, async (message) => {
        started.push(text(message));
        await new Promise<void>(() => undefined);
      });
      await until('the first kept message', () => started.length === 1);
      expect(started).toEqual(['a']);
    }, 20_000);

    it('keeps the subscription when it is aborted, so the group gets what was published meanwhile', async () => {
      const pubsub = await open();
      const to = topic();
      const received = await receiveAcrossResubscribe({ subscribe: (handler) => subscribe(pubsub, to, handler), publish: (payload) => publish(pubsub, to, payload), until });
      expect(received).toEqual([['one'], ['two']]);
    });
  });

  describe('.close()', () => {
    it('aborts the handlers signal and rejects later publishes', async () => {
      const pubsub = await open();
      const to = topic();
      const seen = await closeWhileHandling({ subscribe: (handler) => subscribe(pubsub, to, handler), publish: (payload) => publish(pubsub, to, payload), close: () => pubsub.close(), until });
      expect(seen).toEqual({ handlerSignalsAborted: [true], latePublishError: 'pubsub.mqtt3 is not initialised or is closed' });
    });
  });
});
