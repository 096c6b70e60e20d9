import { TopicEventStatus, type BulkTopicEventDelivery, type TopicEventDelivery } from '@dapr-ts/daprd-app-callbacks';
import { nopLogger } from '@dapr-ts/logger';
import { InMemoryPubSub } from '@dapr-ts/pubsub-in-memory';
import { PubSubApi } from './pubsub-api';
import type { PubSubLookup, RegisteredPubSub } from './pubsub-lookup';
import { SubscriptionManager, isSubscriptionRejectedError } from './subscription-manager';
import { SubscriptionKind, type ActiveSubscription, type EventSink } from './subscription-types';
import { compileRoutes } from './subscriptions/routing';
import { TopicScopes } from './subscriptions/subscription-scopes';
import { traceContextFrom } from './trace-context';

const signal = new AbortController().signal;

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function subscription(topic: string, extra: Partial<ActiveSubscription> = {}): ActiveSubscription {
  const base = { pubsubName: 'pubsub', topic, metadata: {}, routes: { rules: [], default: 'orders' }, ...extra };
  return { ...base, kind: SubscriptionKind.Programmatic, routeMatcher: compileRoutes(base) };
}

/** An app that answers each delivery with the next status of its script (then SUCCESS). */
class ScriptedSink implements EventSink {
  readonly events: TopicEventDelivery[] = [];
  readonly batches: BulkTopicEventDelivery[] = [];
  script: (TopicEventStatus | Error)[] = [];
  hold: Promise<void> | undefined;

  async deliver(event: TopicEventDelivery): Promise<TopicEventStatus> {
    this.events.push(event);
    await this.hold;
    const next = this.script.shift() ?? TopicEventStatus.Success;
    if (next instanceof Error) throw next;
    return next;
  }

  async deliverBulk(event: BulkTopicEventDelivery): Promise<Map<string, TopicEventStatus>> {
    this.batches.push(event);
    return new Map(event.entries.map((entry, i) => [entry.entryId, i === 0 ? TopicEventStatus.Drop : TopicEventStatus.Success]));
  }

  data(topic?: string): unknown[] {
    return this.events.filter((e) => !topic || e.topic === topic).map((e) => e.cloudEvent['data']);
  }
}

describe('SubscriptionManager', () => {
  let broker: InMemoryPubSub;
  let registered: RegisteredPubSub;
  let lookup: PubSubLookup;
  let api: PubSubApi;
  let manager: SubscriptionManager;
  let sink: ScriptedSink;
  const publish = (topic: string, data: unknown, metadata: Record<string, string> = {}): Promise<void> =>
    api.publish({ pubsubName: 'pubsub', topic, data: Buffer.from(JSON.stringify(data)), dataContentType: 'application/json', metadata }, traceContextFrom(undefined, undefined), signal);

  beforeEach(async () => {
    broker = new InMemoryPubSub();
    await broker.init({ name: 'pubsub', properties: { consumerID: 'app', redeliverInterval: '10ms', maxRedeliverInterval: '20ms' } }, signal);
    registered = { name: 'pubsub', pubsub: broker, access: new TopicScopes({ protectedTopics: 'secret' }, 'app') };
    lookup = { get: (name) => (name === 'pubsub' ? registered : undefined), any: () => true, names: () => ['pubsub'] };
    api = new PubSubApi({ appId: 'app', pubsubs: lookup });
    manager = new SubscriptionManager({ pubsubs: lookup, logger: nopLogger() });
    sink = new ScriptedSink();
  });
  afterEach(async () => {
    await manager.stop(0);
    await broker.close();
  });

  describe('.add()', () => {
    it('delivers published events with the chosen route', async () => {
      await manager.add(subscription('orders'), sink);
      await publish('orders', { id: 1 });
      await waitUntil(() => sink.events.length === 1, 'the delivery');
      expect([sink.events[0]?.path, sink.events[0]?.cloudEvent['data'], sink.events[0]?.cloudEvent['source']]).toEqual(['orders', { id: 1 }, 'app']);
    });

    it('redelivers after RETRY and after a failed delivery until the app succeeds', async () => {
      sink.script = [TopicEventStatus.Retry, new Error('app down')];
      await manager.add(subscription('orders'), sink);
      await publish('orders', { id: 2 });
      await waitUntil(() => sink.events.length === 3, 'three attempts');
      await new Promise((r) => setTimeout(r, 100));
      expect(sink.data()).toEqual([{ id: 2 }, { id: 2 }, { id: 2 }]);
    });

    it('dead-letters a DROP once and never redelivers it', async () => {
      sink.script = [TopicEventStatus.Drop];
      await manager.add(subscription('orders', { deadLetterTopic: 'orders-dlq' }), sink);
      await manager.add(subscription('orders-dlq', { routes: { rules: [], default: 'dlq' } }), sink);
      await publish('orders', { id: 3 });
      await waitUntil(() => sink.events.length === 2, 'the dead letter');
      expect(sink.events.map((e) => [e.topic, e.path, e.cloudEvent['data']])).toEqual([
        ['orders', 'orders', { id: 3 }],
        ['orders-dlq', 'dlq', { id: 3 }],
      ]);
    });

    it('drops an expired message without delivering it', async () => {
      await manager.add(subscription('orders', { deadLetterTopic: 'expired' }), sink);
      await manager.add(subscription('expired', { routes: { rules: [], default: 'expired' } }), sink);
      await publish('orders', { id: 4 }, { ttlInSeconds: '0' });
      await waitUntil(() => sink.events.length === 1, 'the dead letter');
      expect(sink.events.map((e) => e.topic)).toEqual(['expired']);
    });

    it('delivers in batches to a bulk subscription, acking or dead-lettering each entry', async () => {
      await manager.add(subscription('bulk', { bulkSubscribe: { enabled: true, maxMessagesCount: 3, maxAwaitDurationMs: 5000 }, deadLetterTopic: 'bulk-dlq' }), sink);
      await manager.add(subscription('bulk-dlq', { routes: { rules: [], default: 'dlq' } }), sink);
      await Promise.all([publish('bulk', { n: 1 }), publish('bulk', { n: 2 }), publish('bulk', { n: 3 })]);
      await waitUntil(() => sink.batches.length === 1 && sink.events.length === 1, 'one batch and one dead letter');
      expect(sink.batches[0]?.entries.map((e) => (e.event as Record<string, unknown>)['data'])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(sink.events.map((e) => [e.topic, e.cloudEvent['data']])).toEqual([['bulk-dlq', { n: 1 }]]);
    });

    it.each([
      ['an unknown pub/sub', subscription('orders', { pubsubName: 'nope' }), 'pubsub nope is not found'],
      ['a protected topic', subscription('secret'), 'topic secret is not allowed for subscriptions on pubsub pubsub (subscriptionScopes)'],
    ])('refuses %s', async (_what, sub, message) => {
      const error = await manager.add(sub, sink).catch((err: unknown) => err);
      expect([isSubscriptionRejectedError(error), (error as Error).message]).toEqual([true, message]);
    });

    it('refuses a second subscription to one topic until the first stops', async () => {
      const stop = await manager.add(subscription('orders'), sink);
      await expect(manager.add(subscription('orders'), sink)).rejects.toThrow('topic orders on pubsub pubsub already has a subscription');
      await stop(0);
      await expect(manager.add(subscription('orders'), sink)).resolves.toBeInstanceOf(Function);
    });
  });

  describe('.stop()', () => {
    it('lets an in-flight delivery finish and acks it, starting nothing new', async () => {
      let release: () => void = () => undefined;
      sink.hold = new Promise((resolve) => (release = resolve));
      await manager.add(subscription('orders'), sink);
      await publish('orders', { id: 5 });
      await waitUntil(() => sink.events.length === 1, 'the in-flight delivery');
      const stopped = manager.stop(5000);
      await publish('orders', { id: 6 });
      release();
      await stopped;
      expect(sink.data()).toEqual([{ id: 5 }]);
      expect(manager.list()).toEqual([]);
    });

    it('never dead-letters during shutdown: a DROP answered while stopping is nacked', async () => {
      let release: () => void = () => undefined;
      sink.hold = new Promise((resolve) => (release = resolve));
      sink.script = [TopicEventStatus.Drop];
      await manager.add(subscription('orders', { deadLetterTopic: 'dlq' }), sink);
      const dlq = new ScriptedSink();
      await manager.add(subscription('dlq', { routes: { rules: [], default: 'dlq' } }), dlq);
      await publish('orders', { id: 7 });
      await waitUntil(() => sink.events.length === 1, 'the in-flight delivery');
      const stopped = manager.stop(5000);
      release();
      await stopped;
      expect(dlq.events).toEqual([]);
    });
  });
});
