import type { Redis } from 'ioredis';

interface Watch {
  count: number;
  /** Settles once Redis confirmed the (P)SUBSCRIBE. */
  ready: Promise<unknown>;
}

/** Where a keyspace event came from: a watched key's own channel, or the all-keys pattern. */
export type KeyspaceSource = 'key' | 'all';

export type KeyspaceEventListener = (key: string, event: string, source: KeyspaceSource) => void;

/**
 * The keyspace channels one store listens to, over one subscriber connection: SUBSCRIBE to
 * `__keyspace@<db>__:<key>` per watched key, PSUBSCRIBE `__keyspace@<db>__:*` while any
 * subscription watches every key. Channels are reference-counted across subscriptions, and
 * ioredis re-subscribes them after a reconnect.
 */
export class KeyspaceListener {
  private readonly watches = new Map<string, Watch>();
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly pattern: string;

  constructor(subscriber: Redis, prefix: string, listener: KeyspaceEventListener) {
    this.subscriber = subscriber;
    this.prefix = prefix;
    this.pattern = `${prefix}*`;
    subscriber.on('message', (channel: string, event: string) => {
      if (channel.startsWith(prefix)) listener(channel.slice(prefix.length), event, 'key');
    });
    subscriber.on('pmessage', (pattern: string, channel: string, event: string) => {
      if (pattern === this.pattern && channel.startsWith(prefix)) listener(channel.slice(prefix.length), event, 'all');
    });
  }

  /** Starts listening for `keys` (every key when empty); resolves once Redis confirmed it. */
  async watch(keys: readonly string[]): Promise<void> {
    const names = this.channels(keys);
    const added: string[] = [];
    try {
      for (const name of names) {
        const existing = this.watches.get(name);
        if (existing) {
          existing.count++;
          added.push(name);
          await existing.ready;
          continue;
        }
        const ready = name === this.pattern ? this.subscriber.psubscribe(name) : this.subscriber.subscribe(name);
        this.watches.set(name, { count: 1, ready });
        added.push(name);
        await ready;
      }
    } catch (err) {
      await this.release(added);
      throw err;
    }
  }

  /** Stops listening for `keys` (as given to {@link watch}); channels still watched by others stay. */
  async unwatch(keys: readonly string[]): Promise<void> {
    await this.release(this.channels(keys));
  }

  private async release(names: readonly string[]): Promise<void> {
    for (const name of names) {
      const watch = this.watches.get(name);
      if (!watch) continue;
      if (--watch.count > 0) continue;
      this.watches.delete(name);
      // A failed UNSUBSCRIBE (connection down) leaves nothing to undo: ioredis only re-subscribes
      // what is still subscribed, and events on the channel are filtered out by the store.
      await (name === this.pattern ? this.subscriber.punsubscribe(name) : this.subscriber.unsubscribe(name)).catch(() => undefined);
    }
  }

  private channels(keys: readonly string[]): string[] {
    return keys.length === 0 ? [this.pattern] : [...new Set(keys)].map((key) => this.prefix + key);
  }
}
