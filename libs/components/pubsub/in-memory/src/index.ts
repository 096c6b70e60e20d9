export { InMemoryPubSub } from './in-memory-pubsub';
export type { InMemoryPubSubOptions } from './in-memory-pubsub';
