import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { parseDuration } from '@dapr-ts/kit';
import { parsePostgresConnectionString, type PostgresConnectionSettings } from './postgres-connection-string';

/** pgx query execution modes Dapr accepts for `queryExecMode` (empty: pgx's default). */
export const QueryExecModes = ['cache_statement', 'cache_describe', 'describe_exec', 'exec', 'simple_protocol'] as const;
export type QueryExecMode = (typeof QueryExecModes)[number];

/** `state.postgresql` (v1) metadata, decoded once (contrib state/postgresql/v1 and common/pg metadata). */
export interface PostgresStateMetadata {
  connection: PostgresConnectionSettings;
  /** Possibly schema-qualified (`schema.table`); validated as SQL identifiers. */
  tableName: string;
  metadataTableName: string;
  /** Bound on each database operation (and on connecting, unless `connect_timeout` is set). */
  timeoutMs: number;
  /** How often expired rows are deleted; undefined when `cleanupInterval` is 0 or negative. */
  cleanupIntervalMs: number | undefined;
  /** Pool size; undefined means pg's default (10). */
  maxConns: number | undefined;
  /** Idle time before a pooled connection closes; undefined means pg's default (10 s). */
  connectionMaxIdleTimeMs: number | undefined;
  /** Accepted for compatibility: pg always uses unnamed extended-protocol statements. */
  queryExecMode: QueryExecMode | undefined;
  actorStateStore: boolean;
}

const DefaultTableName = 'state';
const DefaultMetadataTableName = 'dapr_metadata';
const DefaultTimeoutMs = 20_000;
const DefaultCleanupIntervalMs = 3_600_000;

/** `name` or `schema.name`, unquoted identifiers only, so they can be interpolated into SQL safely. */
const SqlName = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

const Truthy = ['y', 'yes', 'true', 't', 'on', '1'];
const Falsy = ['n', 'no', 'false', 'f', 'off', '0'];

/**
 * Decodes `state.postgresql` v1 metadata with Dapr's names and defaults (docs: "PostgreSQL v1").
 * Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parsePostgresStateMetadata(properties: Record<string, string>): PostgresStateMetadata {
  const reader = new MetadataReader(properties);
  if (strictBool(reader, 'useAzureAD', false)) throw new MetadataError('useAzureAD', 'Microsoft Entra ID authentication is not supported by this runtime');
  const connection = parsePostgresConnectionString(reader.requiredString('connectionString'));
  const tableName = sqlName(reader, 'tableName', DefaultTableName);
  const metadataTableName = sqlName(reader, 'metadataTableName', DefaultMetadataTableName);
  if (tableName.toLowerCase() === metadataTableName.toLowerCase()) throw new MetadataError('metadataTableName', `must differ from tableName ("${tableName}")`);

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
    cleanupIntervalMs: cleanupInterval(reader),
    maxConns: maxConns === 0 ? connection.pool.max : maxConns,
    connectionMaxIdleTimeMs: idleMs === 0 ? undefined : idleMs,
    queryExecMode: mode as QueryExecMode | undefined,
    actorStateStore: strictBool(reader, 'actorStateStore', false),
  };
}

function sqlName(reader: MetadataReader, name: string, fallback: string): string {
  const value = reader.string(name, fallback).trim();
  if (!SqlName.test(value)) throw new MetadataError(name, `"${value}" is not a valid table name (letters, digits and _, optionally schema.table)`);
  return value;
}

/** Dapr's `cleanupInterval` (legacy `cleanupIntervalInSeconds`): a duration or seconds; 0 or negative disables. */
function cleanupInterval(reader: MetadataReader): number | undefined {
  const raw = reader.raw('cleanupInterval', 'cleanupIntervalInSeconds')?.trim();
  if (raw === undefined) return DefaultCleanupIntervalMs;
  let ms: number;
  try {
    ms = /^[-+]?\d+$/.test(raw) ? Number(raw) * 1000 : parseDuration(raw);
  } catch {
    throw new MetadataError('cleanupInterval', `"${raw}" is not a duration (e.g. 1h, 30m, 3600)`);
  }
  return ms > 0 ? ms : undefined;
}

/** Dapr's truthy words, plus their opposites; anything else is an error rather than a silent false. */
function strictBool(reader: MetadataReader, name: string, fallback: boolean): boolean {
  const raw = reader.raw(name);
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (Truthy.includes(value)) return true;
  if (Falsy.includes(value)) return false;
  throw new MetadataError(name, `"${raw}" is not a boolean (use true or false)`);
}
