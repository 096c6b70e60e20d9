import type { PoolConfig } from 'pg';
import { postgresConnectionKeywords, postgresConnectionOptions, type MetadataReader } from '@dapr-ts/components-common';

/** What pg's Pool receives, plus a credential-free description for logs and errors. */
export interface PostgresConnection {
  pool: PoolConfig;
  /** `host:port/database`, without credentials. */
  where: string;
}

/** Metadata fields Dapr's docs allow beside the connection string, overriding what it says. */
const Overrides: Record<string, string> = { host: 'host', hostaddr: 'hostaddr', port: 'port', database: 'dbname', user: 'user', password: 'password', sslRootCert: 'sslrootcert' };

/**
 * Decodes Dapr's connection metadata: `connectionString` as a `postgres://` URL or as libpq
 * keyword/value pairs (`host=localhost user=postgres port=5432 database=config`), then the
 * individual fields (`host`, `port`, `database`, `user`, `password`, `sslRootCert`…) over it.
 * Both forms are converted here, so `sslmode` keeps libpq's meaning. Errors are MetadataErrors
 * naming the field.
 */
export function parsePostgresConnection(reader: MetadataReader): PostgresConnection {
  const keywords = postgresConnectionKeywords(reader.requiredString('connectionString'));
  for (const [field, keyword] of Object.entries(Overrides)) {
    const value = reader.raw(field);
    if (value !== undefined) keywords[keyword] = value;
  }
  const { options, where, connectTimeoutMs } = postgresConnectionOptions(keywords);
  return { pool: { ...options, ...(connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: connectTimeoutMs }) }, where };
}
