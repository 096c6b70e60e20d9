export { SubscriptionApiVersion, parseDeclarativeSubscriptions } from './declarative-subscriptions';
export type { DeclarativeSubscription, DeclarativeSubscriptionOptions } from './declarative-subscriptions';
export { fromListTopicSubscriptions } from './grpc-subscriptions';
export { InvalidRouteError, compileRoutes, isInvalidRouteError } from './routing';
export type { CompileRoutesOptions, InvalidRouteErrorDetails } from './routing';
export { SubscriptionResourceError, isSubscriptionResourceError } from './subscription-resource-error';
export type { SubscriptionResourceErrorDetails } from './subscription-resource-error';
export { TopicScopeMetadata, TopicScopes } from './subscription-scopes';
