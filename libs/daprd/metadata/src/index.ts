export { MetadataApi } from './metadata-api';
export type { ComponentInfo, AppConnectionInfo, MetadataSnapshot, MetadataSources, SubscriptionInfo } from './metadata-api';
