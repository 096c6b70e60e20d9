import { randomUUID } from 'node:crypto';
import type { ConfigurationItem, ConfigurationItems, ConfigurationUpdateHandler } from './configuration-store';

/** One active subscription, with whatever the store keeps beside it (`T`, e.g. a channel name). */
export interface ConfigurationSubscription<T> {
  readonly id: string;
  /** Watched keys; undefined watches every key. */
  readonly keys: ReadonlySet<string> | undefined;
  readonly extra: T;
}

interface Entry<T> extends ConfigurationSubscription<T> {
  handler: ConfigurationUpdateHandler;
  active: boolean;
  /** The last queued delivery; each one waits for the one before, so a handler sees changes in order. */
  tail: Promise<void>;
}

export interface ConfigurationSubscriptionsOptions {
  /** A handler rejected; the subscription carries on with the next change. */
  onHandlerError: (id: string, err: unknown) => void;
}

/**
 * The bookkeeping every configuration store needs, shared so stores only translate their
 * backend's change notifications: subscription ids, key filters, and in-order delivery to each
 * handler without letting a slow handler hold up the others (or the store's connection).
 */
export class ConfigurationSubscriptions<T = undefined> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly options: ConfigurationSubscriptionsOptions;

  constructor(options: ConfigurationSubscriptionsOptions) {
    this.options = options;
  }

  /** Registers a subscription and returns its new id (a random UUID, as Dapr's stores use). */
  add(keys: readonly string[], handler: ConfigurationUpdateHandler, extra: T): ConfigurationSubscription<T> {
    const entry: Entry<T> = { id: randomUUID(), keys: keys.length === 0 ? undefined : new Set(keys), extra, handler, active: true, tail: Promise.resolve() };
    this.entries.set(entry.id, entry);
    return entry;
  }

  get(id: string): ConfigurationSubscription<T> | undefined {
    return this.entries.get(id);
  }

  /** Removes a subscription; deliveries queued for it and not yet started are dropped. */
  remove(id: string): ConfigurationSubscription<T> | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    entry.active = false;
    this.entries.delete(id);
    return entry;
  }

  list(): ConfigurationSubscription<T>[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Queues `items` for every subscription that `matches` (default: all), each receiving only the
   * keys it watches; subscriptions watching none of them get nothing.
   */
  publish(items: ConfigurationItems, matches: (subscription: ConfigurationSubscription<T>) => boolean = () => true): void {
    for (const entry of this.entries.values()) {
      if (!matches(entry)) continue;
      const selected = entry.keys ? Object.fromEntries(Object.entries(items).filter(([key]) => entry.keys?.has(key))) : { ...items };
      if (Object.keys(selected).length === 0) continue;
      entry.tail = entry.tail.then(async () => {
        if (!entry.active) return;
        try {
          await entry.handler({ id: entry.id, items: selected });
        } catch (err) {
          this.options.onHandlerError(entry.id, err);
        }
      });
    }
  }

  /** Removes every subscription. */
  clear(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
  }
}

/** How a deleted (or expired) key is reported to subscribers: empty value and version. */
export function deletedItem(): ConfigurationItem {
  return { value: '', version: '', metadata: {} };
}
