import type { PoolConfig } from 'pg';
import { MetadataError, MetadataReader, postgresConnectionKeywords, postgresConnectionOptions } from '@dapr-ts/components-common';

/** `bindings.postgresql` component metadata, decoded once (contrib bindings/postgres/metadata.go). */
export interface PostgresBindingMetadata {
  /** What pg's Pool receives. */
  pool: PoolConfig;
  /** `host:port/database`, without credentials, for logs and errors. */
  where: string;
}

/** Metadata fields Dapr's docs allow beside the connection string, overriding what it says. */
const Overrides: Record<string, string> = { host: 'host', hostaddr: 'hostaddr', port: 'port', database: 'dbname', user: 'user', password: 'password', sslRootCert: 'sslrootcert' };

/**
 * Decodes `bindings.postgresql` metadata with Dapr's names: `connectionString` (URL or libpq
 * keyword/value form), the individual connection fields over it, `maxConns` and
 * `connectionMaxIdleTime`. Every error is a MetadataError naming the field.
 */
export function parsePostgresBindingMetadata(properties: Record<string, string>): PostgresBindingMetadata {
  const reader = new MetadataReader(properties);
  const keywords = postgresConnectionKeywords(reader.requiredString('connectionString', 'url'));
  for (const [field, keyword] of Object.entries(Overrides)) {
    const value = reader.raw(field);
    if (value !== undefined) keywords[keyword] = value;
  }
  const { options, where, connectTimeoutMs } = postgresConnectionOptions(keywords);
  const pool: PoolConfig = { ...options };
  if (connectTimeoutMs !== undefined) pool.connectionTimeoutMillis = connectTimeoutMs;
  const maxConns = reader.int('maxConns', 0);
  if (maxConns < 0) throw new MetadataError('maxConns', `must be 0 (the default pool size) or more; got ${maxConns}`);
  if (maxConns > 0) pool.max = maxConns;
  const idleMs = reader.duration('connectionMaxIdleTime', 0);
  if (idleMs > 0) pool.idleTimeoutMillis = idleMs;
  return { pool, where };
}
