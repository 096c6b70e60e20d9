import { bulkGet, isETagError, type TransactionalStateStore, type TransactionOperation } from '@dapr-ts/components-state';
import type { Logger } from '@dapr-ts/logger';
import { DefaultReminderPartitions, reminderMetaKey, reminderPartitionKey, reminderPartitionOf, reminderTrackKey } from './reminder-keys';
import type { ReminderTrack, StoredReminder } from './reminder-types';

/** Store calls are short and must finish even while the service stops, so they get no abort. */
const neverAborted = new AbortController().signal;
/** ETag conflicts mean another writer got there first; each retry rereads, so a few dozen always suffice in practice. */
const MaxCasAttempts = 50;

/** Changes a partition's list; returns undefined when nothing changes (no write then). */
export type PartitionChange = (reminders: StoredReminder[]) => StoredReminder[] | undefined;

/**
 * Reads and writes the reminder keys of one actor state store (layout in reminder-keys.ts).
 *
 * Several sidecars write the partitions of one type, so every change is an ETag compare-and-swap
 * (first-write when the partition does not exist yet), retried on ETagError after rereading.
 * Partitions are never deleted, only emptied: deleting one would let a writer holding an older ETag
 * recreate it with reminders already removed (stores accept any ETag on a missing key), which is
 * how an unregistered reminder comes back (reliability.md §3, #2705).
 */
export class ReminderStorage {
  private readonly store: TransactionalStateStore;
  private readonly partitionsFor: (actorType: string) => number;
  private readonly logger: Logger;
  private readonly counts = new Map<string, Promise<number>>();

  constructor(store: TransactionalStateStore, partitionsFor: (actorType: string) => number, logger: Logger) {
    this.store = store;
    this.partitionsFor = partitionsFor;
    this.logger = logger;
  }

  /** The partition count of a type: the stored one, or the configured one written by the first writer. */
  partitionCount(actorType: string): Promise<number> {
    let count = this.counts.get(actorType);
    if (!count) {
      count = this.resolveCount(actorType);
      this.counts.set(actorType, count);
      // A failed read (store down) must not stick.
      count.catch(() => this.counts.delete(actorType));
    }
    return count;
  }

  /**
   * The partition count of a type that has reminders, without writing anything; undefined when no
   * reminder of the type was ever stored (the metadata key is written before any partition).
   */
  async existingPartitionCount(actorType: string): Promise<number | undefined> {
    const cached = this.counts.get(actorType);
    if (cached) return cached;
    const found = await this.store.get({ key: reminderMetaKey(actorType), metadata: {} }, neverAborted);
    if (!found) return undefined;
    const count = Promise.resolve(this.storedCount(actorType, found.data));
    this.counts.set(actorType, count);
    return count;
  }

  async partitionOf(actorType: string, actorId: string): Promise<number> {
    return reminderPartitionOf(actorId, await this.partitionCount(actorType));
  }

  /** The reminders of the partition holding an actor id; empty when the type has none. */
  async readFor(actorType: string, actorId: string): Promise<StoredReminder[]> {
    const count = await this.existingPartitionCount(actorType);
    return count === undefined ? [] : (await this.readWithEtag(actorType, reminderPartitionOf(actorId, count))).reminders;
  }

  /** Every reminder of a type, in partition order. */
  async readAll(actorType: string): Promise<StoredReminder[]> {
    const count = (await this.existingPartitionCount(actorType)) ?? 0;
    const partitions = await Promise.all(Array.from({ length: count }, async (_, p) => (await this.readWithEtag(actorType, p)).reminders));
    return partitions.flat();
  }

  /**
   * Applies `change` to a partition with compare-and-swap, in one transaction with `extra`
   * (e.g. deleting track keys). Returns what the partition held before the successful change.
   */
  async update(actorType: string, partition: number, change: PartitionChange, extra: TransactionOperation[] = []): Promise<StoredReminder[]> {
    const key = reminderPartitionKey(actorType, partition);
    for (let attempt = 1; ; attempt++) {
      const { reminders, etag } = await this.readWithEtag(actorType, partition);
      const next = change([...reminders]);
      if (!next) return reminders;
      const write: TransactionOperation = {
        operation: 'upsert',
        request: { key, value: Buffer.from(JSON.stringify(next)), metadata: {}, options: { concurrency: 'first-write' }, ...(etag ? { etag } : {}) },
      };
      try {
        await this.store.multi({ operations: [write, ...extra], metadata: {} }, neverAborted);
        return reminders;
      } catch (err) {
        if (!isETagError(err)) throw err;
        if (attempt >= MaxCasAttempts) throw new Error(`reminders partition ${key} kept changing under ${MaxCasAttempts} attempts to update it`, { cause: err });
        await jitter(attempt);
      }
    }
  }

  async readTrack(actorType: string, actorId: string, name: string): Promise<ReminderTrack | undefined> {
    const found = await this.store.get({ key: reminderTrackKey(actorType, actorId, name), metadata: {} }, neverAborted);
    return found ? parseTrack(found.data, reminderTrackKey(actorType, actorId, name)) : undefined;
  }

  /** The tracks of many reminders at once; a missing or unreadable track is simply absent. */
  async readTracks(reminders: readonly StoredReminder[]): Promise<Map<string, ReminderTrack>> {
    const keys = reminders.map((r) => reminderTrackKey(r.actorType, r.actorId, r.name));
    const items = await bulkGet(this.store, keys.map((key) => ({ key, metadata: {} })), neverAborted, 50);
    const tracks = new Map<string, ReminderTrack>();
    for (const item of items) {
      if (item.error) this.logger.warn(`reading reminder progress ${item.key} failed: ${item.error}`);
      if (!item.data) continue;
      try {
        tracks.set(item.key, parseTrack(item.data, item.key));
      } catch (err) {
        this.logger.warn((err as Error).message);
      }
    }
    return tracks;
  }

  async writeTrack(actorType: string, actorId: string, name: string, track: ReminderTrack): Promise<void> {
    await this.store.set({ key: reminderTrackKey(actorType, actorId, name), value: Buffer.from(JSON.stringify(track)), metadata: {} }, neverAborted);
  }

  async deleteTrack(actorType: string, actorId: string, name: string): Promise<void> {
    await this.store.delete(deleteTrackOperation(actorType, actorId, name).request, neverAborted);
  }

  private async readWithEtag(actorType: string, partition: number): Promise<{ reminders: StoredReminder[]; etag: string | undefined }> {
    const key = reminderPartitionKey(actorType, partition);
    const found = await this.store.get({ key, metadata: {} }, neverAborted);
    if (!found) return { reminders: [], etag: undefined };
    const parsed: unknown = parseJson(found.data, key);
    if (!Array.isArray(parsed)) throw new Error(`reminders partition ${key} does not hold a JSON array`);
    return { reminders: parsed as StoredReminder[], etag: found.etag };
  }

  private async resolveCount(actorType: string): Promise<number> {
    const key = reminderMetaKey(actorType);
    const wanted = this.configuredCount(actorType);
    for (let attempt = 1; ; attempt++) {
      const found = await this.store.get({ key, metadata: {} }, neverAborted);
      if (found) return this.storedCount(actorType, found.data);
      try {
        const value = Buffer.from(JSON.stringify({ partitions: wanted }));
        await this.store.set({ key, value, metadata: {}, options: { concurrency: 'first-write' } }, neverAborted);
        return wanted;
      } catch (err) {
        // Another sidecar wrote it first: read theirs.
        if (!isETagError(err) || attempt >= MaxCasAttempts) throw err;
      }
    }
  }

  private configuredCount(actorType: string): number {
    const configured = this.partitionsFor(actorType);
    return Number.isInteger(configured) && configured > 0 ? configured : DefaultReminderPartitions;
  }

  private storedCount(actorType: string, data: Buffer): number {
    const key = reminderMetaKey(actorType);
    const stored = (parseJson(data, key) as { partitions?: unknown } | null)?.partitions;
    if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1) throw new Error(`reminders metadata ${key} has no valid "partitions" count`);
    // Changing the count would move reminders between partitions; the first writer's count stays.
    const wanted = this.configuredCount(actorType);
    if (stored !== wanted) this.logger.warn(`actor type ${actorType} keeps ${stored} reminder partitions from the store; the configured ${wanted} is ignored`);
    return stored;
  }
}

/** The transaction operation deleting one reminder's track. */
export function deleteTrackOperation(actorType: string, actorId: string, name: string): TransactionOperation {
  return { operation: 'delete', request: { key: reminderTrackKey(actorType, actorId, name), metadata: {} } };
}

function parseTrack(data: Buffer, key: string): ReminderTrack {
  const track = parseJson(data, key) as Partial<ReminderTrack> | null;
  if (!track || typeof track.uid !== 'string' || typeof track.lastFiredAt !== 'string') throw new Error(`reminder progress ${key} is malformed`);
  return track as ReminderTrack;
}

function parseJson(data: Buffer, key: string): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new Error(`reminders key ${key} does not hold valid JSON`, { cause: err });
  }
}

/** A short random pause that grows with the attempt, so racing writers spread out. */
function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, attempt * 5);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
