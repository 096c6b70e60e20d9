import { Pool } from 'pg';
import { BindingRequestError, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import type { ComponentMetadata } from '@dapr-ts/components-common';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { OperationTiming } from './operation-timing';
import { parsePostgresBindingMetadata } from './postgres-binding-metadata';
import { QueryTypes, rowValues } from './row-values';

/** Options for {@link PostgresBinding}. */
export interface PostgresBindingOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** The operations of `bindings.postgresql` (contrib bindings/postgres). */
export const PostgresBindingOperation = { Exec: 'exec', Query: 'query', Close: 'close' } as const;

const Operations: readonly string[] = [PostgresBindingOperation.Exec, PostgresBindingOperation.Query, PostgresBindingOperation.Close];

/**
 * `bindings.postgresql`: runs the SQL in request metadata `sql`, with `$1…` bound from the JSON
 * array in request metadata `params`, as Dapr's binding does:
 *
 * - `exec` answers no data and metadata `rows-affected`;
 * - `query` answers the rows as a JSON array of arrays (column order), e.g. `[[1,"a"],[2,"b"]]`;
 * - `close` closes the pool: later calls fail until the component is initialized again.
 *
 * Every answer carries metadata `operation`, `sql`, `start-time`, `end-time` and `duration`.
 */
export class PostgresBinding implements OutputBinding {
  private readonly logger: Logger;
  private pool: Pool | undefined;

  constructor(options: PostgresBindingOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Decodes metadata (MetadataError naming the field) and checks a connection; fails naming Postgres and the address. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parsePostgresBindingMetadata(metadata.properties);
    await this.close();
    const pool = new Pool(md.pool);
    // An idle pooled connection that breaks emits 'error'; without a listener Node would crash.
    pool.on('error', (err) => this.logger.warn('bindings.postgresql: idle connection failed', { error: err.message }));
    try {
      const client = await pool.connect();
      client.release();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`bindings.postgresql: cannot connect to Postgres at ${md.where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.pool = pool;
    this.logger.info('bindings.postgresql: connected', { address: md.where });
  }

  operations(): readonly string[] {
    return Operations;
  }

  async invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    signal.throwIfAborted();
    const timing = new OperationTiming();
    if (request.operation === PostgresBindingOperation.Close) {
      await this.close();
      return { metadata: { operation: request.operation, ...timing.finish() } };
    }
    if (request.operation !== PostgresBindingOperation.Exec && request.operation !== PostgresBindingOperation.Query) {
      throw new BindingRequestError(`invalid operation type: ${request.operation}`);
    }
    const sql = request.metadata['sql'];
    if (sql === undefined || sql === '') throw new BindingRequestError('required metadata not set: sql');
    const params = parseParams(request.metadata['params']);
    const pool = this.pool;
    if (!pool) throw new Error('bindings.postgresql: not connected (never initialized, or closed by the close operation)');
    if (request.operation === PostgresBindingOperation.Exec) {
      const result = await pool.query({ text: sql, values: params });
      return { metadata: { operation: request.operation, sql, 'rows-affected': String(result.rowCount ?? 0), ...timing.finish() } };
    }
    const result = await pool.query<unknown[]>({ text: sql, values: params, rowMode: 'array', types: QueryTypes });
    const data = Buffer.from(JSON.stringify(result.rows.map(rowValues)));
    return { data, contentType: 'application/json', metadata: { operation: request.operation, sql, ...timing.finish() } };
  }

  /** Ends the pool; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.end();
  }
}

/** The JSON array in request metadata `params`, or none; anything else is the caller's mistake. */
function parseParams(raw: string | undefined): unknown[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new BindingRequestError(`metadata "params" is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(parsed)) throw new BindingRequestError('metadata "params" must be a JSON array');
  return parsed;
}
