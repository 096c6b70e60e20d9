import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { parsePostgresConnection, type PostgresConnection } from './postgres-connection';

/** pgx query execution modes Dapr accepts for `queryExecMode` (empty: pgx's default). */
const QueryExecModes = ['cache_statement', 'cache_describe', 'describe_exec', 'exec', 'simple_protocol'];

/** `configuration.postgresql` metadata, decoded once (contrib configuration/postgres/metadata.go). */
export interface PostgresConfigurationMetadata {
  connection: PostgresConnection;
  /** `table`: lower-case, possibly schema-qualified (`schema.table`); safe to put into SQL. */
  table: string;
  /** Bound on each database operation (and on connecting, unless `connect_timeout` is set). */
  timeoutMs: number;
  /** Pool size; undefined means pg's default (10). */
  maxConns: number | undefined;
  /** Idle time before a pooled connection closes; undefined means pg's default (10 s). */
  connectionMaxIdleTimeMs: number | undefined;
}

const DefaultTimeoutMs = 20_000;

/** Lower-case unquoted identifiers only (Dapr: "must be lowercased"), so names can go into SQL as they are. */
const TableName = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * Decodes `configuration.postgresql` metadata with Dapr's names and defaults (docs: "PostgreSQL"
 * configuration store). Keys match case-insensitively; every error is a MetadataError naming the
 * field. Fields of the state store that Dapr's example component lists (tableName,
 * actorStateStore…) are ignored, as Dapr ignores them.
 */
export function parsePostgresConfigurationMetadata(properties: Record<string, string>): PostgresConfigurationMetadata {
  const reader = new MetadataReader(properties);
  for (const field of ['useAzureAD', 'useAWSIAM']) {
    if (reader.bool(field, false)) throw new MetadataError(field, 'cloud identity authentication is not supported by this runtime; put the credentials in connectionString');
  }
  const connection = parsePostgresConnection(reader);
  const table = reader.requiredString('table').trim();
  if (!TableName.test(table)) throw new MetadataError('table', `"${table}" is not a valid table name (lower-case letters, digits and _, optionally schema.table)`);
  const timeoutMs = reader.duration('timeout', DefaultTimeoutMs, 'timeoutInSeconds');
  if (timeoutMs <= 0) throw new MetadataError('timeout', 'must be a positive duration');
  const maxConns = reader.int('maxConns', 0);
  const idleMs = reader.duration('connectionMaxIdleTime', 0, 'connMaxIdleTime');
  if (idleMs < 0) throw new MetadataError('connectionMaxIdleTime', 'must not be negative');
  const mode = reader.raw('queryExecMode')?.trim();
  // Validated for compatibility only: pg always runs unnamed extended-protocol statements.
  if (mode !== undefined && !QueryExecModes.includes(mode)) throw new MetadataError('queryExecMode', `"${mode}" is not one of ${QueryExecModes.join(', ')}`);
  return {
    connection,
    table,
    timeoutMs,
    // Dapr: "0 or lower" means the driver's default.
    maxConns: maxConns > 0 ? maxConns : connection.pool.max,
    connectionMaxIdleTimeMs: idleMs === 0 ? undefined : idleMs,
  };
}
