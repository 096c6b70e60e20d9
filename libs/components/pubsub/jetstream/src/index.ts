export { JetStreamPubSub } from './jetstream-pubsub';
export type { JetStreamPubSubOptions } from './jetstream-pubsub';
export { parseJetStreamPubSubMetadata, JetStreamDeliverPolicy, JetStreamAckPolicy } from './jetstream-pubsub-metadata';
export type { JetStreamPubSubMetadata } from './jetstream-pubsub-metadata';
export { durableNameFor } from './jetstream-consumer';
