import { Redis } from 'ioredis';
import { openRedisClient, type ComponentMetadata } from '@dapr-ts/components-common';
import { UnlockStatus, type LockFeature, type LockStore, type TryLockRequest, type TryLockResponse, type UnlockRequest, type UnlockResponse } from '@dapr-ts/components-lock';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { describeAddress, redisLockClientOptions } from './redis-lock-client-options';
import { parseRedisLockMetadata } from './redis-lock-metadata';

/** Options for {@link RedisLockStore}. */
export interface RedisLockStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/**
 * Releases KEYS[1] only when ARGV[1] holds it, in one atomic step (a GET then DEL from the client
 * could delete a lock that expired and was re-taken in between). Replies 0 released, -1 no such
 * lock, -2 held by someone else.
 */
const UnlockScript = `
local holder = redis.call('GET', KEYS[1])
if not holder then return -1 end
if holder ~= ARGV[1] then return -2 end
redis.call('DEL', KEYS[1])
return 0
`;

interface LockScripts {
  daprLockRelease(key: string, owner: string): Promise<number>;
}

/**
 * `lock.redis`: Dapr's standalone Redis lock (contrib lock/redis), with the same layout so sidecars
 * of either kind share locks: the key is the prefixed resource id, a plain string whose value is
 * the owner, written with `SET key owner NX EX expiry` so that Redis enforces both exclusivity and
 * the lease. Not re-entrant: a second `tryLock` by the holder fails too, as in Dapr.
 *
 * Only a standalone node is supported: failover, cluster and servers with replicas are rejected,
 * because a replica promoted before it received the SET would hand the lock out twice.
 */
export class RedisLockStore implements LockStore {
  private readonly logger: Logger;
  private client: (Redis & LockScripts) | undefined;

  constructor(options: RedisLockStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /**
   * Decodes metadata (MetadataError naming the field), connects, and checks the server has no
   * replicas. Fails with an error naming the address when it cannot connect within `dialTimeout`
   * or before `signal` aborts.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parseRedisLockMetadata(metadata.properties);
    await this.close();
    const options = redisLockClientOptions(md);
    const where = describeAddress(md);
    const client = await openRedisClient(
      (retryStrategy) => {
        const created = new Redis({ ...options, retryStrategy }) as Redis & LockScripts;
        created.defineCommand('daprLockRelease', { numberOfKeys: 1, lua: UnlockScript });
        return created;
      },
      options.retryStrategy,
      { what: 'lock.redis', where, dialTimeoutMs: md.dialTimeoutMs, signal, logger: this.logger },
    );
    const replicas = await connectedReplicas(client);
    if (replicas > 0) {
      client.disconnect();
      throw new Error(`lock.redis: Redis at ${where} has ${replicas} connected replica(s); replication is not supported, because a failover could lose locks`);
    }
    this.client = client;
    this.logger.info('lock.redis: connected', { address: where, db: md.db });
  }

  features(): readonly LockFeature[] {
    return [];
  }

  async tryLock(request: TryLockRequest, signal: AbortSignal): Promise<TryLockResponse> {
    signal.throwIfAborted();
    const client = this.connected();
    const { expiryInSeconds } = request;
    if (!Number.isInteger(expiryInSeconds) || expiryInSeconds <= 0) throw new Error(`lock.redis: expiryInSeconds must be a positive whole number of seconds; got ${expiryInSeconds}`);
    const reply = await client.set(request.resourceId, request.lockOwner, 'EX', expiryInSeconds, 'NX');
    return { success: reply === 'OK' };
  }

  async unlock(request: UnlockRequest, signal: AbortSignal): Promise<UnlockResponse> {
    signal.throwIfAborted();
    const reply = await this.connected().daprLockRelease(request.resourceId, request.lockOwner);
    switch (reply) {
      case 0:
        return { status: UnlockStatus.Success };
      case -1:
        return { status: UnlockStatus.LockDoesNotExist };
      case -2:
        return { status: UnlockStatus.LockBelongsToOthers };
      default:
        throw new Error(`lock.redis: unexpected reply ${String(reply)} from the unlock script`);
    }
  }

  /** Closes the connection; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.quit();
    } catch {
      // Already disconnected: nothing left to release.
      client.disconnect();
    }
  }

  private connected(): Redis & LockScripts {
    if (!this.client) throw new Error('lock.redis: the store is not initialised (call init) or was closed');
    return this.client;
  }
}

/**
 * `connected_slaves` from `INFO replication`. A server that refuses INFO (renamed or restricted by
 * ACL) passes, as in Dapr: the check guards against a mistake, it is not a security boundary.
 */
async function connectedReplicas(client: Redis): Promise<number> {
  let info: string;
  try {
    info = await client.info('replication');
  } catch {
    return 0;
  }
  const match = /^connected_slaves:(\d+)/m.exec(info);
  return match ? Number(match[1]) : 0;
}
