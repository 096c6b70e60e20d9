import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { readCleanupInterval, readSignedDuration, readStateTableNames, type SqlNameRule, type SqlStateMetadata } from '@dapr-ts/components-state';
import { parseSqliteConnectionString, type SqliteConnectionSettings } from './sqlite-connection-string';

/**
 * `state.sqlite` metadata, decoded once (contrib state/sqlite and common/authentication/sqlite).
 * `timeoutMs` includes the wait for the operation's turn on the database; the sweep is off by
 * default, as in Dapr.
 */
export interface SqliteStateMetadata extends SqlStateMetadata {
  connection: SqliteConnectionSettings;
  /** Longest an operation retries while another connection holds the database lock; 0: no retry. */
  busyTimeoutMs: number;
  /** Accepted for compatibility; the store always uses the rollback journal (see the store's docs). */
  disableWAL: boolean;
}

const DefaultTableName = 'state';
const DefaultMetadataTableName = 'metadata';
const DefaultTimeoutMs = 20_000;
const DefaultBusyTimeoutMs = 2000;

/** Identifiers as Dapr accepts them: ASCII letters, digits and `_`; SQLite ignores their case. */
const TableNameRule: SqlNameRule = { pattern: /^[A-Za-z0-9_]+$/, description: 'letters, digits and _', foldsCase: true };

/**
 * Decodes `state.sqlite` metadata with Dapr's names and defaults. Keys match
 * case-insensitively; every error is a MetadataError naming the field.
 */
export function parseSqliteStateMetadata(properties: Record<string, string>): SqliteStateMetadata {
  const reader = new MetadataReader(properties);
  const connection = parseSqliteConnectionString(reader.requiredString('connectionString', 'url'));
  const { tableName, metadataTableName } = readStateTableNames(reader, { tableName: DefaultTableName, metadataTableName: DefaultMetadataTableName }, TableNameRule);

  const timeoutMs = reader.duration('timeout', DefaultTimeoutMs, 'timeoutInSeconds');
  if (timeoutMs < 1000) throw new MetadataError('timeout', 'must be at least 1s');
  // Dapr truncates to milliseconds; zero or negative means "do not wait".
  const busyTimeoutMs = Math.max(0, Math.trunc(readSignedDuration(reader, 'busyTimeout', connection.busyTimeoutMs ?? DefaultBusyTimeoutMs)));
  return {
    connection,
    tableName,
    metadataTableName,
    timeoutMs,
    busyTimeoutMs,
    disableWAL: reader.strictBool('disableWAL', false),
    // Unlike Dapr's other SQL stores, SQLite does not sweep unless asked to.
    cleanupIntervalMs: readCleanupInterval(reader, 0),
    actorStateStore: reader.strictBool('actorStateStore', false),
  };
}
