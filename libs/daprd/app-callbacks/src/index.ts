export { TopicEventStatus } from './app-callbacks';
export type {
  AppCallbacks,
  AppSubscription,
  BindingEventDelivery,
  BulkSubscribeOptions,
  BulkTopicEventDelivery,
  BulkTopicEventEntry,
  CloudEvent,
  InputBindingRoute,
  RouteRule,
  TopicEventDelivery,
} from './app-callbacks';
export { decodeSubscriptionMetadataValue, parseHttpSubscriptions } from './http-subscriptions';
export type { ParsedHttpSubscriptions } from './http-subscriptions';
export { HttpAppCallbacks } from './http-app-callbacks';
export type { HttpAppCallbacksOptions } from './http-app-callbacks';
export { statusFromAppReply } from './topic-event-status';
