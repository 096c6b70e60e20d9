import { MetadataError, type MetadataReader } from '@dapr-ts/components-common';
import { parseDuration } from '@dapr-ts/kit';

/** Which table names a SQL store accepts, so they can be put into its SQL text safely. */
export interface SqlNameRule {
  pattern: RegExp;
  /** What the pattern allows, for errors, e.g. `letters, digits and _`. */
  description: string;
  /** The server folds the case of names, so `state` and `STATE` are one table. */
  foldsCase: boolean;
}

/** The two tables of Dapr's SQL state stores. */
export interface StateTableNames {
  tableName: string;
  /** Holds `last-cleanup` (and, for some stores, the schema level). */
  metadataTableName: string;
}

/** The metadata fields Dapr's SQL state stores share, decoded. */
export interface SqlStateMetadata extends StateTableNames {
  /** Bound on each database operation. */
  timeoutMs: number;
  /** How often expired rows are deleted; undefined when the sweep is off (`cleanupInterval` 0 or negative). */
  cleanupIntervalMs: number | undefined;
  actorStateStore: boolean;
}

/** A name from metadata (or `fallback`), trimmed; a MetadataError naming the field when it breaks `rule`. */
export function readSqlName(reader: MetadataReader, name: string, fallback: string, rule: SqlNameRule): string {
  const value = reader.string(name, fallback).trim();
  if (!rule.pattern.test(value)) throw new MetadataError(name, `"${value}" is not a valid name (${rule.description})`);
  return value;
}

/** `tableName` and `metadataTableName`, which must name two different tables. */
export function readStateTableNames(reader: MetadataReader, defaults: StateTableNames, rule: SqlNameRule): StateTableNames {
  const tableName = readSqlName(reader, 'tableName', defaults.tableName, rule);
  const metadataTableName = readSqlName(reader, 'metadataTableName', defaults.metadataTableName, rule);
  const same = rule.foldsCase ? tableName.toLowerCase() === metadataTableName.toLowerCase() : tableName === metadataTableName;
  if (same) throw new MetadataError('metadataTableName', `must differ from tableName ("${tableName}")`);
  return { tableName, metadataTableName };
}

/**
 * Milliseconds from a Go or ISO 8601 duration or a whole number of seconds, any of them possibly
 * negative (Dapr gives negative values a meaning, such as "disabled", where plain durations fail).
 */
export function readSignedDuration(reader: MetadataReader, name: string, fallbackMs: number, ...aliases: string[]): number {
  const raw = reader.raw(name, ...aliases)?.trim();
  if (raw === undefined) return fallbackMs;
  try {
    return /^[-+]?\d+$/.test(raw) ? Number(raw) * 1000 : parseDuration(raw);
  } catch {
    throw new MetadataError(name, `"${raw}" is not a duration (e.g. 500ms, 30s, 1h, or whole seconds)`);
  }
}

/**
 * Dapr's `cleanupInterval` (legacy `cleanupIntervalInSeconds`) of the SQL state stores: how often
 * expired rows are deleted. Undefined (no sweep) when it is 0 or negative.
 */
export function readCleanupInterval(reader: MetadataReader, fallbackMs: number): number | undefined {
  const ms = readSignedDuration(reader, 'cleanupInterval', fallbackMs, 'cleanupIntervalInSeconds');
  return ms > 0 ? ms : undefined;
}
