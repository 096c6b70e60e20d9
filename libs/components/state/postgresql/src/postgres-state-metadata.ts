import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { readCleanupInterval, readStateTableNames, type SqlNameRule, type SqlStateMetadata } from '@dapr-ts/components-state';
import { parsePostgresConnectionString, type PostgresConnectionSettings } from './postgres-connection-string';

/** pgx query execution modes Dapr accepts for `queryExecMode` (empty: pgx's default). */
export const QueryExecModes = ['cache_statement', 'cache_describe', 'describe_exec', 'exec', 'simple_protocol'] as const;
export type QueryExecMode = (typeof QueryExecModes)[number];

/**
 * `state.postgresql` (v1) metadata, decoded once (contrib state/postgresql/v1 and common/pg
 * metadata). Table names may be schema-qualified (`schema.table`); `timeoutMs` also bounds
 * connecting, unless the connection string sets `connect_timeout`.
 */
export interface PostgresStateMetadata extends SqlStateMetadata {
  connection: PostgresConnectionSettings;
  /** Pool size; undefined means pg's default (10). */
  maxConns: number | undefined;
  /** Idle time before a pooled connection closes; undefined means pg's default (10 s). */
  connectionMaxIdleTimeMs: number | undefined;
  /** Accepted for compatibility: pg always uses unnamed extended-protocol statements. */
  queryExecMode: QueryExecMode | undefined;
}

const DefaultTableName = 'state';
const DefaultMetadataTableName = 'dapr_metadata';
const DefaultTimeoutMs = 20_000;
const DefaultCleanupIntervalMs = 3_600_000;

/**
 * `name` or `schema.name`, unquoted identifiers only, so they can be interpolated into SQL safely;
 * Postgres folds unquoted names to lower case.
 */
const TableNameRule: SqlNameRule = {
  pattern: /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
  description: 'letters, digits and _, optionally schema.table',
  foldsCase: true,
};

/**
 * Decodes `state.postgresql` v1 metadata with Dapr's names and defaults (docs: "PostgreSQL v1").
 * Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parsePostgresStateMetadata(properties: Record<string, string>): PostgresStateMetadata {
  const reader = new MetadataReader(properties);
  if (reader.strictBool('useAzureAD', false)) throw new MetadataError('useAzureAD', 'Microsoft Entra ID authentication is not supported by this runtime');
  const connection = parsePostgresConnectionString(reader.requiredString('connectionString'));
  const { tableName, metadataTableName } = readStateTableNames(reader, { tableName: DefaultTableName, metadataTableName: DefaultMetadataTableName }, TableNameRule);

  const timeoutMs = reader.duration('timeout', DefaultTimeoutMs, 'timeoutInSeconds');
  if (timeoutMs <= 0) throw new MetadataError('timeout', 'must be a positive duration');
  const maxConns = reader.int('maxConns', 0);
  if (maxConns < 0) throw new MetadataError('maxConns', `must be 0 (default) or more; got ${maxConns}`);
  const idleMs = reader.duration('connectionMaxIdleTime', 0);
  if (idleMs < 0) throw new MetadataError('connectionMaxIdleTime', 'must not be negative');
  const mode = reader.raw('queryExecMode')?.trim();
  if (mode !== undefined && !(QueryExecModes as readonly string[]).includes(mode)) throw new MetadataError('queryExecMode', `"${mode}" is not one of ${QueryExecModes.join(', ')}`);

  return {
    connection,
    tableName,
    metadataTableName,
    timeoutMs,
    cleanupIntervalMs: readCleanupInterval(reader, DefaultCleanupIntervalMs),
    maxConns: maxConns === 0 ? connection.pool.max : maxConns,
    connectionMaxIdleTimeMs: idleMs === 0 ? undefined : idleMs,
    queryExecMode: mode as QueryExecMode | undefined,
    actorStateStore: reader.strictBool('actorStateStore', false),
  };
}
