export { MetadataApi } from './metadata-api';
export type { ComponentInfo, AppConnectionInfo, MetadataSnapshot, MetadataSources } from './metadata-api';
