import { decodeSubscriptionMetadataValue, type AppSubscription, type BulkSubscribeOptions } from '@dapr-ts/daprd-app-callbacks';
import type { runtimeV1 } from '@dapr-ts/proto';

/**
 * Converts a gRPC app's `AppCallback.ListTopicSubscriptions` answer.
 *
 * - Paths are kept exactly as the app gave them: daprd hands them back verbatim in
 *   `TopicEventRequest.path`, and SDKs route on that string.
 * - A subscription with no rules and no default gets one rule that matches every event with the
 *   path `''`, because gRPC apps receive every event on `OnTopicEvent` and need no path.
 *   With rules but no default, an event no rule matches has no route, as in daprd.
 * - `dead_letter_topic: ''` means none; `bulk_subscribe` counts of 0 mean "use the defaults".
 * - Metadata values go through decodeSubscriptionMetadataValue, since the JS SDK JSON-encodes them.
 *
 * Nothing is validated here: the runtime checks that the pub/sub exists and the topic is set, as
 * it does for every kind of subscription.
 * Mirrors daprd GetSubscriptionsGRPC (pkg/runtime/pubsub).
 */
export function fromListTopicSubscriptions(resp: runtimeV1.ListTopicSubscriptionsResponse): AppSubscription[] {
  return resp.subscriptions.map(fromTopicSubscription);
}

function fromTopicSubscription(sub: runtimeV1.TopicSubscription): AppSubscription {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(sub.metadata)) metadata[key] = decodeSubscriptionMetadataValue(value);
  const rules = (sub.routes?.rules ?? []).map((rule) => ({ match: rule.match, path: rule.path }));
  const fallback = sub.routes?.default ?? '';
  const subscription: AppSubscription = {
    pubsubName: sub.pubsubName,
    topic: sub.topic,
    metadata,
    routes: rules.length === 0 && fallback === '' ? { rules: [{ match: '', path: '' }], default: '' } : { rules, default: fallback },
  };
  if (sub.deadLetterTopic !== '') subscription.deadLetterTopic = sub.deadLetterTopic;
  if (sub.bulkSubscribe) subscription.bulkSubscribe = fromBulkSubscribeConfig(sub.bulkSubscribe);
  return subscription;
}

function fromBulkSubscribeConfig(config: runtimeV1.BulkSubscribeConfig): BulkSubscribeOptions {
  const bulk: BulkSubscribeOptions = { enabled: config.enabled };
  if (config.maxMessagesCount > 0) bulk.maxMessagesCount = config.maxMessagesCount;
  if (config.maxAwaitDurationMs > 0) bulk.maxAwaitDurationMs = config.maxAwaitDurationMs;
  return bulk;
}
