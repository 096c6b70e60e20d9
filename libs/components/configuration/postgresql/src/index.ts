export { PostgresConfigurationStore, NotifyChannelMetadata } from './postgres-configuration-store';
export type { PostgresConfigurationStoreOptions } from './postgres-configuration-store';
export { parsePostgresConfigurationMetadata } from './postgres-configuration-metadata';
export type { PostgresConfigurationMetadata } from './postgres-configuration-metadata';
export { parsePostgresConnection } from './postgres-connection';
export { parseKeywordValuePairs } from '@dapr-ts/components-common';
export type { PostgresConnection } from './postgres-connection';
export { parsePostgresNotification } from './postgres-notification';
export type { PostgresChange } from './postgres-notification';
