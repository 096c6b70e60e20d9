import type { RedisAddress, RedisSettings } from './redis-settings';

/** TLS for the Redis connection: on when present; a client certificate when given. */
export interface RedisTlsOptions {
  cert?: string;
  key?: string;
}

/**
 * Client options in ioredis's `RedisOptions` names, as plain data: this contract library may not
 * import ioredis, so each component passes the object to its driver (the compiler checks that it
 * fits there).
 */
export interface RedisConnectionOptions {
  host?: string;
  port?: number;
  /** The Sentinel master's name, when connecting through `sentinels`. */
  name?: string;
  sentinels?: RedisAddress[];
  sentinelUsername?: string;
  sentinelPassword?: string;
  sentinelTLS?: RedisTlsOptions;
  enableTLSForSentinelMode?: boolean;
  username?: string;
  password?: string;
  db: number;
  tls?: RedisTlsOptions;
  /** Always true: the component awaits the first connection itself, to report its failure. */
  lazyConnect: true;
  connectTimeout: number;
  commandTimeout?: number;
  maxRetriesPerRequest: number;
  /** Delay before reconnect `attempt` (1, 2, …), in milliseconds. */
  retryStrategy: (attempt: number) => number;
  autoResendUnfulfilledCommands?: boolean;
}

/** How a component wants its connection to behave beyond what the metadata says. */
export interface RedisConnectionBehaviour {
  /**
   * Whether a command in flight when the connection dropped is sent again after reconnecting
   * (ioredis's default). Components whose writes are not idempotent pass false.
   */
  resendUnfulfilled?: boolean;
  /** Shortest wait between reconnect attempts, even when backoff is disabled (-1); default 0. */
  minReconnectDelayMs?: number;
}

/**
 * Maps decoded settings onto ioredis options: a single node, or the Sentinels that name the master.
 * The client connects lazily so that `init` can await the first connection and report failure;
 * afterwards ioredis reconnects on its own, backing off between `redisMinRetryInterval` and
 * `redisMaxRetryInterval` like go-redis.
 */
export function redisConnectionOptions(settings: RedisSettings, behaviour: RedisConnectionBehaviour = {}): RedisConnectionOptions {
  const { minRetryIntervalMs, maxRetryIntervalMs } = settings;
  const floorMs = behaviour.minReconnectDelayMs ?? 0;
  const tls = settings.enableTLS ? tlsOptions(settings) : undefined;
  const common: RedisConnectionOptions = {
    lazyConnect: true,
    db: settings.db,
    connectTimeout: settings.dialTimeoutMs,
    maxRetriesPerRequest: settings.maxRetries,
    retryStrategy: (attempt) => Math.max(floorMs, redisRetryDelay(attempt, minRetryIntervalMs, maxRetryIntervalMs)),
    ...(behaviour.resendUnfulfilled === undefined ? {} : { autoResendUnfulfilledCommands: behaviour.resendUnfulfilled }),
    ...(settings.readTimeoutMs === undefined ? {} : { commandTimeout: settings.readTimeoutMs }),
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ...(tls ? { tls } : {}),
  };
  if (settings.sentinelMasterName === undefined) {
    const [address] = settings.addresses;
    return { ...common, host: address?.host ?? 'localhost', port: address?.port ?? 6379 };
  }
  return {
    ...common,
    name: settings.sentinelMasterName,
    sentinels: settings.addresses.map(({ host, port }) => ({ host, port })),
    ...(settings.sentinelUsername === undefined ? {} : { sentinelUsername: settings.sentinelUsername }),
    ...(settings.sentinelPassword === undefined ? {} : { sentinelPassword: settings.sentinelPassword }),
    ...(tls ? { sentinelTLS: tls, enableTLSForSentinelMode: true } : {}),
  };
}

/** Exponential backoff for reconnect `attempt` (1, 2, …): from `minMs`, doubling, capped at `maxMs`. */
export function redisRetryDelay(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(minMs * 2 ** Math.max(0, attempt - 1), maxMs);
}

/** `host:port`, bracketing IPv6 hosts, for log lines and error messages. */
export function formatRedisAddress({ host, port }: RedisAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Every address, and the Sentinel master when there is one, for log lines and error messages. */
export function describeRedisAddresses(settings: Pick<RedisSettings, 'addresses' | 'sentinelMasterName'>): string {
  const list = settings.addresses.map(formatRedisAddress).join(',');
  return settings.sentinelMasterName === undefined ? list : `${list} (Sentinel master ${settings.sentinelMasterName})`;
}

function tlsOptions({ clientCert, clientKey }: RedisSettings): RedisTlsOptions {
  return clientCert === undefined || clientKey === undefined ? {} : { cert: clientCert, key: clientKey };
}
