export { MetadataApi } from './metadata-api';
export type { ActorRuntimeInfo, ComponentInfo, AppConnectionInfo, MetadataSnapshot, MetadataSources, SubscriptionInfo } from './metadata-api';
