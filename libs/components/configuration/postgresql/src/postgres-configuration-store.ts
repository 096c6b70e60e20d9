import { Pool, type PoolConfig } from 'pg';
import type { ComponentMetadata } from '@dapr-ts/components-common';
import {
  ConfigurationSubscriptions,
  SubscriptionNotFoundError,
  type ConfigurationFeature,
  type ConfigurationItems,
  type ConfigurationStore,
  type ConfigurationUpdateHandler,
  type GetConfigurationRequest,
  type GetConfigurationResponse,
  type SubscribeConfigurationRequest,
} from '@dapr-ts/components-configuration';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { parsePostgresConfigurationMetadata, type PostgresConfigurationMetadata } from './postgres-configuration-metadata';
import { PostgresListener } from './postgres-listener';
import { metadataOf, parsePostgresNotification } from './postgres-notification';

/** Options for {@link PostgresConfigurationStore}. */
export interface PostgresConfigurationStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** The subscribe request metadata naming the channel the table's trigger notifies (Dapr's name). */
export const NotifyChannelMetadata = 'pgNotifyChannel';

/** Client-side bound added to `timeout`, for when the server cannot even cancel (network gone). */
const QueryTimeoutSlackMs = 5000;

interface Connected {
  pool: Pool;
  md: PostgresConfigurationMetadata;
  listener: PostgresListener;
}

/**
 * `configuration.postgresql`: Dapr's PostgreSQL configuration store (contrib configuration/postgres).
 * Items are rows of the user's table (`KEY`, `VALUE`, `VERSION`, `METADATA JSON`, as Dapr's docs
 * create it). Subscriptions LISTEN on the channel named by the request metadata `pgNotifyChannel`,
 * which the user's trigger notifies with `{table, action, data: row_to_json(row)}`.
 */
export class PostgresConfigurationStore implements ConfigurationStore {
  private readonly logger: Logger;
  private connection: Connected | undefined;
  private readonly subscriptions: ConfigurationSubscriptions<{ channel: string }>;

  constructor(options: PostgresConfigurationStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
    this.subscriptions = new ConfigurationSubscriptions({
      onHandlerError: (id, err) => this.logger.warn('configuration.postgresql: a subscriber failed to take an update', { subscription: id, error: messageOf(err) }),
    });
  }

  /**
   * Decodes metadata (MetadataError naming the field), connects and checks the table exists. Fails
   * with an error naming Postgres and the address when it cannot connect, and with the CREATE TABLE
   * Dapr documents when the table is missing: the store never creates or changes it.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parsePostgresConfigurationMetadata(metadata.properties);
    await this.close();
    const config = poolConfig(md);
    const pool = new Pool(config);
    // An idle pooled connection that breaks emits 'error'; without a listener Node would crash.
    pool.on('error', (err) => this.logger.warn('configuration.postgresql: idle connection failed', { error: err.message }));
    const where = md.connection.where;
    try {
      let found: unknown;
      try {
        found = (await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [md.table])).rows[0]?.found;
      } catch (err) {
        throw new Error(`configuration.postgresql: cannot connect to Postgres at ${where}: ${messageOf(err)}`, { cause: err });
      }
      if (!found) {
        throw new Error(
          `configuration.postgresql: table ${md.table} does not exist in Postgres at ${where}; create it as Dapr documents: ` +
            `CREATE TABLE ${md.table} (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL, METADATA JSON)`,
        );
      }
    } catch (err) {
      await pool.end();
      if (signal.aborted) throw signal.reason;
      throw err;
    }
    const listener = new PostgresListener({ config, where, logger: this.logger, onNotification: (channel, payload) => this.onNotification(md, channel, payload) });
    this.connection = { pool, md, listener };
    this.logger.info('configuration.postgresql: connected', { address: where, table: md.table });
  }

  features(): readonly ConfigurationFeature[] {
    return [];
  }

  /** The rows of the requested keys (every row when none are named); a duplicated key reads as its last row. */
  async get(request: GetConfigurationRequest, signal: AbortSignal): Promise<GetConfigurationResponse> {
    signal.throwIfAborted();
    const { pool, md } = this.connected();
    const select = `SELECT key, value, version, metadata FROM ${md.table}`;
    const result =
      request.keys.length > 0
        ? await pool.query<{ key: string; value: string | null; version: string | null; metadata: unknown }>(`${select} WHERE key = ANY($1::varchar[])`, [[...request.keys]])
        : await pool.query<{ key: string; value: string | null; version: string | null; metadata: unknown }>(select);
    const items: ConfigurationItems = {};
    for (const row of result.rows) items[row.key] = { value: row.value ?? '', version: row.version ?? '', metadata: metadataOf(row.metadata) };
    return { items };
  }

  /** Needs the request metadata `pgNotifyChannel`; LISTENs on that channel before resolving. */
  async subscribe(request: SubscribeConfigurationRequest, handler: ConfigurationUpdateHandler, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    const { listener, md } = this.connected();
    const channel = Object.entries(request.metadata).find(([name, value]) => name.toLowerCase() === NotifyChannelMetadata.toLowerCase() && value.trim() !== '')?.[1];
    if (channel === undefined) {
      throw new Error(`configuration.postgresql: subscribing needs the request metadata "${NotifyChannelMetadata}", naming the channel the trigger on table ${md.table} notifies with pg_notify`);
    }
    const subscription = this.subscriptions.add(request.keys, handler, { channel });
    try {
      await listener.listen(channel);
    } catch (err) {
      this.subscriptions.remove(subscription.id);
      throw new Error(`configuration.postgresql: cannot LISTEN on channel ${channel}: ${messageOf(err)}`, { cause: err });
    }
    return subscription.id;
  }

  async unsubscribe(id: string, _signal: AbortSignal): Promise<void> {
    const subscription = this.subscriptions.remove(id);
    if (!subscription) throw new SubscriptionNotFoundError(id);
    await this.connection?.listener.unlisten(subscription.extra.channel);
  }

  /** Stops every subscription and closes the pool and the LISTEN connection. Idempotent. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.subscriptions.clear();
    if (!connection) return;
    await Promise.all([connection.listener.close(), connection.pool.end().catch(() => undefined)]);
  }

  private onNotification(md: PostgresConfigurationMetadata, channel: string, payload: string): void {
    const change = parsePostgresNotification(payload, md.table);
    if (!change) {
      this.logger.debug('configuration.postgresql: ignoring a notification that is not a change of the table', { channel, table: md.table });
      return;
    }
    this.subscriptions.publish({ [change.key]: change.item }, (subscription) => subscription.extra.channel === channel);
  }

  private connected(): Connected {
    if (!this.connection) throw new Error('configuration.postgresql: the store is not initialised (call init) or was closed');
    return this.connection;
  }
}

function poolConfig(md: PostgresConfigurationMetadata): PoolConfig {
  return {
    ...md.connection.pool,
    connectionTimeoutMillis: md.connection.pool.connectionTimeoutMillis ?? md.timeoutMs,
    statement_timeout: md.timeoutMs,
    query_timeout: md.timeoutMs + QueryTimeoutSlackMs,
    ...(md.maxConns === undefined ? {} : { max: md.maxConns }),
    ...(md.connectionMaxIdleTimeMs === undefined ? {} : { idleTimeoutMillis: md.connectionMaxIdleTimeMs }),
  };
}

function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) || String(err) : String(err);
}
