import type { Redis } from 'ioredis';
import { describeRedisAddresses, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  ConfigurationSubscriptions,
  SubscriptionNotFoundError,
  deletedItem,
  type ConfigurationFeature,
  type ConfigurationItems,
  type ConfigurationStore,
  type ConfigurationUpdateHandler,
  type GetConfigurationRequest,
  type GetConfigurationResponse,
  type SubscribeConfigurationRequest,
} from '@dapr-ts/components-configuration';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { KeyspaceChange, keyspaceChange, keyspaceChannelPrefix, missingKeyspaceFlags } from './keyspace-events';
import { KeyspaceListener, type KeyspaceSource } from './keyspace-listener';
import { errorMessage as messageOf } from '@dapr-ts/components-common';
import { connectRedis } from './connect-redis';
import { redisConfigurationClientOptions } from './redis-configuration-client-options';
import { parseRedisConfigurationMetadata, type RedisConfigurationMetadata } from './redis-configuration-metadata';
import { parseRedisConfigurationValue } from './redis-configuration-value';

/** Options for {@link RedisConfigurationStore}. */
export interface RedisConfigurationStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** Keys per MGET, so reading a big database does not build one huge command. */
const ReadBatch = 500;

interface Connected {
  client: Redis;
  md: RedisConfigurationMetadata;
  where: string;
  /** The subscriber connection and its channels, created by the first subscription. */
  listener?: Promise<{ subscriber: Redis; keyspace: KeyspaceListener }>;
}

/**
 * `configuration.redis`: Dapr's Redis configuration store (contrib configuration/redis). Each item
 * is a string key holding `value||version` (see {@link parseRedisConfigurationValue}); operators
 * write them with SET or MSET. Subscriptions follow Redis keyspace notifications
 * (`__keyspace@<db>__:<key>`), which are switched on with CONFIG SET when the server allows it.
 */
export class RedisConfigurationStore implements ConfigurationStore {
  private readonly logger: Logger;
  private connection: Connected | undefined;
  private readonly subscriptions: ConfigurationSubscriptions;
  /** Keyspace events are handled one at a time, so subscribers see changes in the order Redis made them. */
  private events: Promise<void> = Promise.resolve();

  constructor(options: RedisConfigurationStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
    this.subscriptions = new ConfigurationSubscriptions({ onHandlerError: (id, err) => this.logger.warn('configuration.redis: a subscriber failed to take an update', { subscription: id, error: messageOf(err) }) });
  }

  /**
   * Decodes metadata (MetadataError naming the field) and connects. Fails with an error naming the
   * address when it cannot connect within `dialTimeout` or before `signal` aborts.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parseRedisConfigurationMetadata(metadata.properties);
    await this.close();
    const where = describeRedisAddresses(md);
    const client = await connectRedis(redisConfigurationClientOptions(md), { what: 'configuration.redis', where, dialTimeoutMs: md.dialTimeoutMs, signal, logger: this.logger });
    this.connection = { client, md, where };
    this.logger.info('configuration.redis: connected', { address: where, db: md.db });
  }

  features(): readonly ConfigurationFeature[] {
    return [];
  }

  /** The requested string keys that exist (every string key when none are named). */
  async get(request: GetConfigurationRequest, signal: AbortSignal): Promise<GetConfigurationResponse> {
    signal.throwIfAborted();
    const { client } = this.connected();
    const keys = request.keys.length > 0 ? [...new Set(request.keys)] : await allStringKeys(client, signal);
    const items: ConfigurationItems = {};
    for (let at = 0; at < keys.length; at += ReadBatch) {
      const batch = keys.slice(at, at + ReadBatch);
      // MGET answers nil for missing keys and for keys of another type, instead of failing.
      const values = await client.mget(...batch);
      batch.forEach((key, i) => {
        const stored = values[i];
        if (typeof stored === 'string') items[key] = parseRedisConfigurationValue(stored);
      });
    }
    return { items };
  }

  async subscribe(request: SubscribeConfigurationRequest, handler: ConfigurationUpdateHandler, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    const connection = this.connected();
    await this.ensureKeyspaceNotifications(connection);
    const { keyspace } = await this.listener(connection, signal);
    const subscription = this.subscriptions.add(request.keys, handler, undefined);
    try {
      await keyspace.watch(request.keys);
    } catch (err) {
      this.subscriptions.remove(subscription.id);
      throw new Error(`configuration.redis: cannot subscribe to keyspace notifications on Redis at ${connection.where}: ${messageOf(err)}`, { cause: err });
    }
    return subscription.id;
  }

  async unsubscribe(id: string, _signal: AbortSignal): Promise<void> {
    const subscription = this.subscriptions.remove(id);
    if (!subscription) throw new SubscriptionNotFoundError(id);
    const listener = await this.connection?.listener;
    await listener?.keyspace.unwatch(subscription.keys ? [...subscription.keys] : []);
  }

  /** Stops every subscription and closes both connections; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.subscriptions.clear();
    if (!connection) return;
    const listener = await connection.listener?.catch(() => undefined);
    await Promise.all([quit(connection.client), listener ? quit(listener.subscriber) : undefined]);
  }

  /**
   * Makes sure Redis publishes the keyspace events subscriptions need, adding the missing
   * `notify-keyspace-events` flags with CONFIG SET. A server that refuses CONFIG GET (managed
   * services often do) is trusted to have them set; one that lacks them and refuses CONFIG SET
   * fails the subscription with instructions.
   */
  private async ensureKeyspaceNotifications({ client, where }: Connected): Promise<void> {
    let current: string;
    try {
      const reply = (await client.config('GET', 'notify-keyspace-events')) as unknown as string[];
      current = reply[1] ?? '';
    } catch (err) {
      this.logger.warn('configuration.redis: cannot read notify-keyspace-events; assuming keyspace notifications are on', { address: where, error: messageOf(err) });
      return;
    }
    const missing = missingKeyspaceFlags(current);
    if (missing === '') return;
    try {
      await client.config('SET', 'notify-keyspace-events', current + missing);
    } catch (err) {
      throw new Error(
        `configuration.redis: subscriptions need Redis keyspace notifications, but notify-keyspace-events on ${where} is "${current}" and CONFIG SET was refused (${messageOf(err)}); ` +
          'enable them on the server with "notify-keyspace-events KA" (redis.conf, or CONFIG SET notify-keyspace-events KA)',
        { cause: err },
      );
    }
    this.logger.info('configuration.redis: enabled keyspace notifications', { address: where, 'notify-keyspace-events': current + missing });
  }

  /** The subscriber connection, opened by the first subscription and shared by all. */
  private listener(connection: Connected, signal: AbortSignal): Promise<{ subscriber: Redis; keyspace: KeyspaceListener }> {
    connection.listener ??= (async () => {
      const { md, where } = connection;
      const subscriber = await connectRedis(redisConfigurationClientOptions(md), { what: 'configuration.redis', where, dialTimeoutMs: md.dialTimeoutMs, signal, logger: this.logger });
      const keyspace = new KeyspaceListener(subscriber, keyspaceChannelPrefix(md.db), (key, event, source) => this.onKeyspaceEvent(key, event, source));
      return { subscriber, keyspace };
    })();
    const pending = connection.listener;
    // A failed first connection must not stick: the next subscription tries again.
    pending.catch(() => {
      if (connection.listener === pending) delete connection.listener;
    });
    return pending;
  }

  private onKeyspaceEvent(key: string, event: string, source: KeyspaceSource): void {
    const change = keyspaceChange(event);
    if (change === KeyspaceChange.Ignored) return;
    const watchedHere = (keys: ReadonlySet<string> | undefined): boolean => (source === 'all' ? keys === undefined : keys !== undefined);
    this.events = this.events.then(async () => {
      const client = this.connection?.client;
      if (!client) return;
      let items: ConfigurationItems;
      if (change === KeyspaceChange.Removed) {
        items = { [key]: deletedItem() };
      } else {
        const [stored] = await client.mget(key);
        // Gone again already (its removal event follows), or not a string: nothing to report.
        if (typeof stored !== 'string') return;
        items = { [key]: parseRedisConfigurationValue(stored) };
      }
      this.subscriptions.publish(items, (subscription) => watchedHere(subscription.keys));
    }).catch((err: unknown) => this.logger.warn('configuration.redis: cannot read a changed key', { key, error: messageOf(err) }));
  }

  private connected(): Connected {
    if (!this.connection) throw new Error('configuration.redis: the store is not initialised (call init) or was closed');
    return this.connection;
  }
}

/** Every string key of the database, by SCAN (never KEYS, which blocks the server). */
async function allStringKeys(client: Redis, signal: AbortSignal): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    signal.throwIfAborted();
    const [next, batch] = await client.scan(cursor, 'COUNT', 1000, 'TYPE', 'string');
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...keys];
}

async function quit(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    // Already disconnected: nothing left to release.
    client.disconnect();
  }
}
