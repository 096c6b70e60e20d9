export { ConfigurationFeature } from './configuration-store';
export type {
  ConfigurationItem,
  ConfigurationItems,
  ConfigurationStore,
  ConfigurationUpdateEvent,
  ConfigurationUpdateHandler,
  GetConfigurationRequest,
  GetConfigurationResponse,
  SubscribeConfigurationRequest,
} from './configuration-store';
export { ConfigurationSubscriptions, deletedItem } from './configuration-subscriptions';
export type { ConfigurationSubscription, ConfigurationSubscriptionsOptions } from './configuration-subscriptions';
export { SubscriptionNotFoundError, isSubscriptionNotFoundError } from './errors';
