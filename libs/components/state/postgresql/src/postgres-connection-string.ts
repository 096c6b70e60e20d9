import type { PoolConfig } from 'pg';
import { isPostgresUrl, postgresConnectionKeywords, postgresConnectionOptions, postgresTarget, type PostgresTarget } from '@dapr-ts/components-common';

/** The connection settings pg receives, plus a credential-free description for logs and errors. */
export interface PostgresConnectionSettings extends PostgresTarget {
  /** Connection fields for pg's `Pool` (a `connectionString` for the URL form). */
  pool: PoolConfig;
}

/**
 * Turns Dapr's `connectionString` into pg settings. The URL form
 * (`postgres://user:pass@host:5432/db?sslmode=require`) goes to pg as it is, which parses it
 * itself; only its target and `connect_timeout` are read here. libpq's keyword/value form
 * (`host=localhost user=postgres port=5432 database=my_dapr`), which pg does not understand, is
 * converted. Errors are MetadataErrors naming `connectionString`.
 */
export function parsePostgresConnectionString(text: string): PostgresConnectionSettings {
  const trimmed = text.trim();
  const keywords = postgresConnectionKeywords(trimmed);
  if (isPostgresUrl(trimmed)) return { pool: { connectionString: trimmed }, ...postgresTarget(keywords) };
  const { options, ...target } = postgresConnectionOptions(keywords);
  return { pool: options, ...target };
}
