import { isBulkPublisher, PubSubFeature, type PubSub } from '@dapr-ts/components-pubsub';
import { componentUnderTest } from './component-under-test';
import { defineBulkPublishTests } from './pubsub-bulk-tests';
import type { PubSubConformanceConfig, PubSubOperation, PubSubSuiteContext } from './pubsub-conformance-config';
import { definePubSubDeliveryTests } from './pubsub-delivery-tests';
import { definePubSubGroupTests } from './pubsub-group-tests';
import { RecordingSubscriber } from './pubsub-recorder';
import { definePubSubRedeliveryTests } from './pubsub-redelivery-tests';
import { uniqueKey } from './unique-key';
import { waitFor } from './wait-for';

/** Operations that a `features()` entry advertises; the others have no flag. */
const FeatureOf = {
  bulkPublish: PubSubFeature.BulkPublish,
  messageTTL: PubSubFeature.MessageTTL,
  subscribeWildcards: PubSubFeature.SubscribeWildcards,
} as const satisfies Partial<Record<PubSubOperation, PubSubFeature>>;

const DefaultDeliveryTimeoutMs = 10_000;
const DefaultRedeliveryTimeoutMs = 30_000;
/** Messages per burst: enough to see ordering and sharing, few enough for slow brokers. */
const MessageCount = 20;

/**
 * Defines the pub/sub conformance suite for one component, as jest `describe` blocks: one list of
 * behaviours run against every broker (contrib tests/conformance/pubsub/pubsub.go). Call it at the
 * top level of a spec file. The component is created and initialised once in `beforeAll` and
 * closed in `afterAll`; every test uses its own random topics and consumer groups, so real shared
 * brokers are safe to use, and aborts its subscriptions when it ends.
 */
export function runPubSubConformance(config: PubSubConformanceConfig): void {
  describe(`pubsub conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const pubsub = componentUnderTest<PubSub>(config, signal);
    const deliveryTimeoutMs = config.config?.deliveryTimeoutMs ?? DefaultDeliveryTimeoutMs;
    const redeliveryTimeoutMs = config.config?.redeliveryTimeoutMs ?? DefaultRedeliveryTimeoutMs;
    const subscriptions: AbortController[] = [];
    afterEach(() => {
      for (const subscription of subscriptions.splice(0)) subscription.abort();
    });

    const ctx: PubSubSuiteContext = {
      name: config.name,
      signal,
      messageCount: MessageCount,
      testTimeoutMs: deliveryTimeoutMs + redeliveryTimeoutMs + 5_000,
      has: (operation) => config.operations.includes(operation),
      pubsub,
      topic: (label) => uniqueKey(config.name, label),
      group: (label) => uniqueKey(config.name, `group-${label}`),
      publish: (topic, payload, extra = {}) =>
        pubsub().publish(
          {
            topic,
            data: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
            ...(extra.contentType === undefined ? {} : { contentType: extra.contentType }),
            metadata: extra.metadata ?? {},
          },
          signal,
        ),
      subscribe: async (topic, consumerID, handler) => {
        const subscription = new AbortController();
        subscriptions.push(subscription);
        await pubsub().subscribe({ topic, metadata: { consumerID } }, handler, subscription.signal);
        return subscription;
      },
      record: async (topic, consumerID, options) => {
        const recorder = new RecordingSubscriber(options);
        await ctx.subscribe(topic, consumerID, recorder.handle);
        return recorder;
      },
      eventually: (what, check, redelivery = false) =>
        waitFor(what, async () => check(), { timeoutMs: deliveryTimeoutMs + (redelivery ? redeliveryTimeoutMs : 0), intervalMs: 10 }),
    };

    describe('.features()', () => {
      it.each(Object.entries(FeatureOf))('lists the %s feature exactly when the operation is declared', (operation, feature) => {
        expect(pubsub().features().includes(feature)).toBe(ctx.has(operation as PubSubOperation));
      });

      it('lists each feature once', () => {
        const features = pubsub().features();
        expect(new Set(features).size).toBe(features.length);
      });

      it(`is${ctx.has('bulkPublish') ? '' : ' not'} a BulkPublisher`, () => {
        expect(isBulkPublisher(pubsub())).toBe(ctx.has('bulkPublish'));
      });
    });

    definePubSubDeliveryTests(ctx);
    definePubSubGroupTests(ctx);
    definePubSubRedeliveryTests(ctx);
    defineBulkPublishTests(ctx);
  });
}
