export { PubSubFeature } from './feature';
export type { PublishRequest, Message, SubscribeRequest, MessageHandler, BulkPublishEntry, BulkPublishRequest, BulkPublishResponse } from './messages';
export { isBulkPublisher } from './pubsub';
export type { PubSub, BulkPublisher } from './pubsub';
export { bulkPublish } from './bulk';
export { ConcurrencyMode } from './concurrency';
