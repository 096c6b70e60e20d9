import { readFileSync } from 'node:fs';
import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { readCleanupInterval, readSqlName, readStateTableNames, type SqlNameRule, type SqlStateMetadata } from '@dapr-ts/components-state';
import { parseMySqlConnectionString, type MySqlConnectionSettings } from './mysql-connection-string';

/** `state.mysql` metadata, decoded once (contrib state/mysql and the Dapr docs "MySQL & MariaDB"); `timeoutMs` is `timeoutInSeconds`. */
export interface MySqlStateMetadata extends SqlStateMetadata {
  connection: MySqlConnectionSettings;
  /** The database holding the tables; created when missing. */
  schemaName: string;
  /** The CA to verify the server with (`pemContents`, or the file at `pemPath`); TLS is on when set. */
  caPem: string | undefined;
  /** Pool size (`maxOpenConns`); undefined means the driver's default (10). */
  maxOpenConns: number | undefined;
  /** Idle connections kept (`maxIdleConns`); undefined means the driver's default. */
  maxIdleConns: number | undefined;
  /** Age after which a connection is closed instead of reused; undefined means never. */
  connMaxLifetimeMs: number | undefined;
  /** Idle time after which a pooled connection closes; undefined means the driver's default (60 s). */
  connMaxIdleTimeMs: number | undefined;
}

const DefaultSchemaName = 'dapr_state_store';
const DefaultTableName = 'state';
const DefaultMetadataTableName = 'dapr_metadata';
const DefaultTimeoutSeconds = 20;
const DefaultCleanupIntervalMs = 3_600_000;

/**
 * Unquoted MySQL identifiers as Dapr accepts them, not all digits, within MySQL's 64 characters.
 * Table names are case-sensitive on the servers' usual (Linux) file systems.
 */
const NameRule: SqlNameRule = { pattern: /^(?!\d+$)[A-Za-z0-9_]{1,64}$/, description: 'letters, digits and _, at most 64', foldsCase: false };

/**
 * Decodes `state.mysql` metadata with Dapr's names and defaults. Keys match case-insensitively;
 * every error is a MetadataError naming the field. `pemPath` is read here, so a missing file
 * fails init with the field's name.
 */
export function parseMySqlStateMetadata(properties: Record<string, string>): MySqlStateMetadata {
  const reader = new MetadataReader(properties);
  const connection = parseMySqlConnectionString(reader.requiredString('connectionString'));
  const schemaName = readSqlName(reader, 'schemaName', connection.database ?? DefaultSchemaName, NameRule);
  const { tableName, metadataTableName } = readStateTableNames(reader, { tableName: DefaultTableName, metadataTableName: DefaultMetadataTableName }, NameRule);

  // Dapr falls back to the default for zero and negative values rather than failing.
  const timeoutSeconds = reader.int('timeoutInSeconds', DefaultTimeoutSeconds);
  const maxOpenConns = nonNegativeInt(reader, 'maxOpenConns');
  const maxIdleConns = nonNegativeInt(reader, 'maxIdleConns');
  const ca = caPem(reader);
  if (connection.tls === 'custom' && ca === undefined) throw new MetadataError('pemPath', 'the connection string asks for a custom TLS config (tls=custom): set pemPath or pemContents');
  return {
    connection,
    schemaName,
    tableName,
    metadataTableName,
    timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DefaultTimeoutSeconds) * 1000,
    cleanupIntervalMs: readCleanupInterval(reader, DefaultCleanupIntervalMs),
    caPem: ca,
    maxOpenConns: maxOpenConns === 0 ? undefined : maxOpenConns,
    maxIdleConns: maxIdleConns === 0 ? undefined : maxIdleConns,
    connMaxLifetimeMs: positiveDuration(reader, 'connMaxLifetime'),
    connMaxIdleTimeMs: positiveDuration(reader, 'connMaxIdleTime'),
    actorStateStore: reader.strictBool('actorStateStore', false),
  };
}

function nonNegativeInt(reader: MetadataReader, name: string): number {
  const value = reader.int(name, 0);
  if (value < 0) throw new MetadataError(name, `must be 0 (default) or more; got ${value}`);
  return value;
}

/** A duration or seconds; 0 (or absent) means "no limit", negative is an error. */
function positiveDuration(reader: MetadataReader, name: string): number | undefined {
  const ms = reader.duration(name, 0);
  if (ms < 0) throw new MetadataError(name, 'must not be negative');
  return ms === 0 ? undefined : ms;
}

/** `pemContents` wins over `pemPath`; either turns TLS on with that CA. */
function caPem(reader: MetadataReader): string | undefined {
  const contents = reader.raw('pemContents');
  if (contents !== undefined) {
    if (!contents.includes('-----BEGIN')) throw new MetadataError('pemContents', 'is not a PEM certificate (no -----BEGIN line)');
    return contents;
  }
  const path = reader.raw('pemPath')?.trim();
  if (path === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MetadataError('pemPath', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!pem.includes('-----BEGIN')) throw new MetadataError('pemPath', `${path} is not a PEM certificate (no -----BEGIN line)`);
  return pem;
}
