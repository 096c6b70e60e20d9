import { runtimeV1 } from '@dapr-ts/proto';
import { fromListTopicSubscriptions } from './grpc-subscriptions';

/** Builds a response as it arrives off the wire: encoded by the app, decoded by daprd (proto3 defaults filled in). */
function received(subscriptions: Partial<runtimeV1.TopicSubscription>[]): runtimeV1.ListTopicSubscriptionsResponse {
  const message = runtimeV1.ListTopicSubscriptionsResponse.fromPartial({ subscriptions });
  return runtimeV1.ListTopicSubscriptionsResponse.decode(runtimeV1.ListTopicSubscriptionsResponse.encode(message).finish());
}

describe('grpc-subscriptions', () => {
  describe('.fromListTopicSubscriptions()', () => {
    it('returns the rules, default, dead-letter topic and bulk settings as the app gave them', () => {
      const resp = received([
        {
          pubsubName: 'pubsub',
          topic: 'inventory',
          metadata: { rawPayload: 'true' },
          routes: { rules: [{ match: 'event.type == "widget"', path: '/widgets' }], default: '/products' },
          deadLetterTopic: 'poison',
          bulkSubscribe: { enabled: true, maxMessagesCount: 100, maxAwaitDurationMs: 40 },
        },
      ]);

      expect(fromListTopicSubscriptions(resp)).toEqual([
        {
          pubsubName: 'pubsub',
          topic: 'inventory',
          metadata: { rawPayload: 'true' },
          routes: { rules: [{ match: 'event.type == "widget"', path: '/widgets' }], default: '/products' },
          deadLetterTopic: 'poison',
          bulkSubscribe: { enabled: true, maxMessagesCount: 100, maxAwaitDurationMs: 40 },
        },
      ]);
    });

    it('returns the JS SDK shape: a generated default path and JSON-encoded metadata values', () => {
      // server.pubsub.subscribe('pubsub', 'orders', cb, undefined, {queue: 'q1', rawPayload: true}) over gRPC.
      const resp = received([{ pubsubName: 'pubsub', topic: 'orders', metadata: { queue: '"q1"', rawPayload: 'true' }, routes: { rules: [], default: 'default' } }]);

      expect(fromListTopicSubscriptions(resp)).toEqual([{ pubsubName: 'pubsub', topic: 'orders', metadata: { queue: 'q1', rawPayload: 'true' }, routes: { rules: [], default: 'default' } }]);
    });

    it('returns a catch-all rule with an empty path when the app sends no routes', () => {
      const [subscription] = fromListTopicSubscriptions(received([{ pubsubName: 'pubsub', topic: 'orders' }]));

      expect(subscription?.routes).toEqual({ rules: [{ match: '', path: '' }], default: '' });
    });

    it('returns a catch-all rule with an empty path when the routes are empty', () => {
      const [subscription] = fromListTopicSubscriptions(received([{ pubsubName: 'pubsub', topic: 'orders', routes: { rules: [], default: '' } }]));

      expect(subscription?.routes).toEqual({ rules: [{ match: '', path: '' }], default: '' });
    });

    it('returns rules without a default when the app sends only rules', () => {
      const [subscription] = fromListTopicSubscriptions(received([{ pubsubName: 'p', topic: 't', routes: { rules: [{ match: 'event.type == "a"', path: 'a' }], default: '' } }]));

      expect(subscription?.routes).toEqual({ rules: [{ match: 'event.type == "a"', path: 'a' }], default: '' });
    });

    it('leaves out an empty dead-letter topic, absent bulk settings and zero counts', () => {
      const resp = received([
        { pubsubName: 'p', topic: 'a', routes: { rules: [], default: 'r' } },
        { pubsubName: 'p', topic: 'b', routes: { rules: [], default: 'r' }, bulkSubscribe: { enabled: true, maxMessagesCount: 0, maxAwaitDurationMs: 0 } },
      ]);

      expect(fromListTopicSubscriptions(resp)).toEqual([
        { pubsubName: 'p', topic: 'a', metadata: {}, routes: { rules: [], default: 'r' } },
        { pubsubName: 'p', topic: 'b', metadata: {}, routes: { rules: [], default: 'r' }, bulkSubscribe: { enabled: true } },
      ]);
    });

    it('returns nothing when the app subscribes to nothing', () => {
      expect(fromListTopicSubscriptions(received([]))).toEqual([]);
    });
  });
});
