import { Client, type ClientConfig } from 'pg';
import type { Logger } from '@dapr-ts/logger';

export interface PostgresListenerOptions {
  config: ClientConfig;
  /** `host:port/database`, for messages. */
  where: string;
  logger: Logger;
  onNotification: (channel: string, payload: string) => void;
}

const MinReconnectMs = 500;
const MaxReconnectMs = 30_000;

/**
 * The LISTEN side of one store: a dedicated connection (a pooled one would drop its LISTENs when
 * released), with channels reference-counted across subscriptions. After the connection breaks it
 * reconnects with backoff and LISTENs again; NOTIFYs sent while it was down are lost, as
 * PostgreSQL does not queue them for absent listeners.
 */
export class PostgresListener {
  private readonly options: PostgresListenerOptions;
  private readonly channels = new Map<string, { count: number; ready: Promise<unknown> }>();
  private client: Promise<Client> | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(options: PostgresListenerOptions) {
    this.options = options;
  }

  /** LISTENs on `channel` (exactly as spelled: it is quoted); resolves once the server confirmed it. */
  async listen(channel: string): Promise<void> {
    const existing = this.channels.get(channel);
    if (existing) {
      existing.count++;
      await existing.ready;
      return;
    }
    const ready = this.connection().then((client) => client.query(`LISTEN ${quoteIdentifier(channel)}`));
    this.channels.set(channel, { count: 1, ready });
    try {
      await ready;
    } catch (err) {
      if (this.channels.get(channel)?.ready === ready) this.channels.delete(channel);
      throw err;
    }
  }

  /** Drops one use of `channel`; the last one UNLISTENs. */
  async unlisten(channel: string): Promise<void> {
    const entry = this.channels.get(channel);
    if (!entry || --entry.count > 0) return;
    this.channels.delete(channel);
    const client = await this.client?.catch(() => undefined);
    // A broken connection has no LISTEN left to undo, and the reconnect only re-LISTENs live channels.
    await client?.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.channels.clear();
    const client = await this.client?.catch(() => undefined);
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the store was closed'));
    this.client ??= this.open();
    return this.client;
  }

  private async open(): Promise<Client> {
    const client = new Client(this.options.config);
    client.on('notification', (message) => this.options.onNotification(message.channel, message.payload ?? ''));
    // An 'error' without a listener would crash the process; 'end' follows it, handled below.
    client.on('error', (err) => this.options.logger.warn('configuration.postgresql: the LISTEN connection failed', { address: this.options.where, error: err.message }));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
    } catch (err) {
      this.client = undefined;
      await client.end().catch(() => undefined);
      throw new Error(`cannot connect to Postgres at ${this.options.where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.failures = 0;
    return client;
  }

  /** The connection ended without close(): reconnect and LISTEN again to every live channel. */
  private lost(client: Client): void {
    void this.client?.then((current) => {
      if (current !== client || this.closed) return;
      this.client = undefined;
      this.scheduleReconnect();
    }, () => undefined);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.channels.size === 0) return;
    const delay = Math.min(MinReconnectMs * 2 ** this.failures++, MaxReconnectMs);
    this.retryTimer = setTimeout(() => {
      this.connection()
        .then(async (client) => {
          for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
          this.options.logger.info('configuration.postgresql: LISTEN connection restored', { address: this.options.where, channels: [...this.channels.keys()].join(',') });
        })
        .catch(async (err: unknown) => {
          this.options.logger.warn('configuration.postgresql: reconnecting the LISTEN connection failed', { address: this.options.where, error: err instanceof Error ? err.message : String(err) });
          const broken = await this.client?.catch(() => undefined);
          this.client = undefined;
          await broken?.end().catch(() => undefined);
          this.scheduleReconnect();
        });
    }, delay);
    this.retryTimer.unref();
  }
}

/** A double-quoted SQL identifier: channel names are case-sensitive, as `pg_notify` uses them. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
