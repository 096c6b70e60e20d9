/** Pub/sub capabilities, with Dapr's wire strings (contrib pubsub/feature.go). */
export const PubSubFeature = {
  /** The broker expires messages itself; otherwise the runtime stamps `expiration` and drops late ones. */
  MessageTTL: 'MESSAGE_TTL',
  /** Topic names may hold wildcards (`#`, `+`, `*`) that the broker expands. */
  SubscribeWildcards: 'SUBSCRIBE_WILDCARDS',
  /** The broker publishes a batch natively (see {@link BulkPublisher}). */
  BulkPublish: 'BULK_PUBLISH',
} as const;
export type PubSubFeature = (typeof PubSubFeature)[keyof typeof PubSubFeature];
