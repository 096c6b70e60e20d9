/** State store capabilities, with Dapr's exact wire strings (contrib state/feature.go). */
export const StateFeature = {
  ETag: 'ETAG',
  Transactional: 'TRANSACTIONAL',
  QueryAPI: 'QUERY_API',
  TTL: 'TTL',
  DeleteWithPrefix: 'DELETE_WITH_PREFIX',
  PartitionKey: 'PARTITION_KEY',
  KeysLike: 'KEYS_LIKE',
} as const;
export type StateFeature = (typeof StateFeature)[keyof typeof StateFeature];
