import { randomUUID } from 'node:crypto';
import type { Logger } from '@dapr-ts/logger';
import { validateSchedule } from '../schedule';
import { KeyedQueue } from './keyed-queue';
import { reminderId, reminderPartitionOf, reminderTrackKey } from './reminder-keys';
import { ReminderRunner, toReminder } from './reminder-runner';
import { deleteTrackOperation, ReminderStorage } from './reminder-storage';
import type { Reminder, ReminderServiceOptions, ReminderSpec, ReminderTrack, StoredReminder } from './reminder-types';

const DefaultRetry = { attempts: 3, intervalMs: 1000 };

/**
 * Actor reminders persisted in the actor state store, as Dapr kept them before the Scheduler
 * service (reference/dapr-api.md §1.5): they survive deactivation and restarts, and fire at least
 * once (reliability.md §1.2). Layout and concurrency control are in {@link ReminderStorage}.
 *
 * Each sidecar schedules only the reminders of actors it hosts (`owns`); `rebalance` re-reads the
 * store when hosting changes. Registrations of one reminder are applied in call order.
 */
export class ReminderService {
  private readonly storage: ReminderStorage;
  private readonly runner: ReminderRunner;
  private readonly owns: (actorType: string, actorId: string) => boolean;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly queue = new KeyedQueue();
  /**
   * Local changes (create/delete) by reminder id, numbered when they start and when they end, and
   * those still running: a rebalance leaves alone what changed after it read the store.
   */
  private readonly changes = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  private changeCounter = 0;
  private rebalancing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(options: ReminderServiceOptions) {
    this.owns = options.owns;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.storage = new ReminderStorage(options.store, options.partitionsFor, options.logger);
    this.runner = new ReminderRunner({
      fire: options.fire,
      owns: options.owns,
      logger: options.logger,
      now: this.now,
      retry: options.retry ?? DefaultRetry,
      saveTrack: (reminder, track) => this.storage.writeTrack(reminder.actorType, reminder.actorId, reminder.name, track),
      finish: (reminder) => this.removeRegistration(reminder),
    });
  }

  /**
   * Validates, persists and (when the actor is hosted here) schedules a reminder. A reminder of the
   * same name is overwritten and starts from scratch: its progress is reset.
   *
   * @throws DurationError on a bad dueTime, period or ttl (nothing is written then).
   */
  async create(spec: ReminderSpec): Promise<void> {
    const now = this.now();
    const schedule = validateSchedule(spec, new Date(now));
    const stored: StoredReminder = {
      actorType: spec.actorType,
      actorId: spec.actorId,
      name: spec.name,
      ...definedFields(spec),
      registeredAt: new Date(now).toISOString(),
      dueAt: new Date(now + schedule.dueInMs).toISOString(),
      ...(schedule.expiresAt === undefined ? {} : { expiresAt: new Date(schedule.expiresAt).toISOString() }),
      uid: randomUUID(),
    };
    const id = reminderId(spec.actorType, spec.actorId, spec.name);
    await this.change(id, async () => {
      const partition = await this.storage.partitionOf(spec.actorType, spec.actorId);
      const others = (list: StoredReminder[]): StoredReminder[] => list.filter((r) => !sameReminder(r, stored));
      await this.storage.update(spec.actorType, partition, (list) => [...others(list), stored], [deleteTrackOperation(spec.actorType, spec.actorId, spec.name)]);
      if (!this.stopped && this.owns(spec.actorType, spec.actorId)) this.runner.schedule(stored, undefined);
      else this.runner.unschedule(id, true);
    });
  }

  async get(actorType: string, actorId: string, name: string): Promise<Reminder | undefined> {
    const found = (await this.storage.readFor(actorType, actorId)).find((r) => r.actorId === actorId && r.name === name);
    return found ? toReminder(found) : undefined;
  }

  /** The reminders of a type, or of one actor, sorted by actor id then name. */
  async list(actorType: string, actorId?: string): Promise<Reminder[]> {
    const all = actorId === undefined ? await this.storage.readAll(actorType) : await this.storage.readFor(actorType, actorId);
    return all
      .filter((r) => actorId === undefined || r.actorId === actorId)
      .sort((a, b) => compare(a.actorId, b.actorId) || compare(a.name, b.name))
      .map(toReminder);
  }

  /**
   * Unschedules and deletes a reminder with its progress; a missing one is fine. A fire already
   * running completes, and nothing of it is saved, so a deleted reminder never comes back after a
   * restart (reliability.md §3, #2705).
   */
  async delete(actorType: string, actorId: string, name: string): Promise<void> {
    const id = reminderId(actorType, actorId, name);
    this.runner.unschedule(id, true);
    await this.change(id, async () => {
      this.runner.unschedule(id, true);
      const count = await this.storage.existingPartitionCount(actorType);
      if (count === undefined) return;
      const partition = reminderPartitionOf(actorId, count);
      const match = (r: StoredReminder): boolean => r.actorId === actorId && r.name === name;
      const before = await this.storage.update(actorType, partition, (list) => (list.some(match) ? list.filter((r) => !match(r)) : undefined), [deleteTrackOperation(actorType, actorId, name)]);
      // Nothing to remove from the partition: the transaction did not run, so drop a stray track on its own.
      if (!before.some(match)) await this.storage.deleteTrack(actorType, actorId, name);
    });
  }

  /** Deletes every reminder of a type, or of one actor of it; returns how many were deleted. */
  async deleteByType(actorType: string, actorId?: string): Promise<number> {
    const match = (r: StoredReminder): boolean => r.actorType === actorType && (actorId === undefined || r.actorId === actorId);
    for (const r of this.runner.scheduled()) if (match(r)) this.runner.unschedule(reminderId(r.actorType, r.actorId, r.name), true);
    const count = await this.storage.existingPartitionCount(actorType);
    if (count === undefined) return 0;
    const partitions = actorId === undefined ? Array.from({ length: count }, (_, p) => p) : [reminderPartitionOf(actorId, count)];
    let deleted = 0;
    for (const partition of partitions) {
      const before = await this.storage.update(actorType, partition, (list) => (list.some(match) ? list.filter((r) => !match(r)) : undefined));
      const removed = before.filter(match);
      deleted += removed.length;
      for (const r of removed) {
        this.mark(reminderId(r.actorType, r.actorId, r.name));
        this.runner.unschedule(reminderId(r.actorType, r.actorId, r.name), true);
        // Separately from the partition: a type may hold more reminders than one transaction takes.
        await this.storage.deleteTrack(r.actorType, r.actorId, r.name).catch((err: unknown) => this.logger.warn(`deleting the progress of reminder ${r.name} failed: ${(err as Error).message}`));
      }
    }
    return deleted;
  }

  /**
   * Loads every reminder of the hosted types from the store, schedules those whose actor is hosted
   * here and unschedules the rest (and everything of other types). A reminder already scheduled
   * keeps its timing; one that is overdue fires once at once. Calls run one after another.
   */
  rebalance(hostedTypes: string[]): Promise<void> {
    const run = this.rebalancing.catch(() => undefined).then(() => this.rebalanceNow(hostedTypes));
    this.rebalancing = run;
    return run;
  }

  /** Successful fires since the service started. */
  firedCount(): number {
    return this.runner.firedCount();
  }

  /** Unschedules everything and waits for running fires (whose signal it aborts). Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.runner.stop();
  }

  private async rebalanceNow(hostedTypes: string[]): Promise<void> {
    if (this.stopped) return;
    const hosted = new Set(hostedTypes);
    for (const r of this.runner.scheduled()) if (!hosted.has(r.actorType)) this.runner.unschedule(reminderId(r.actorType, r.actorId, r.name), false);
    const failures: string[] = [];
    for (const actorType of hosted) {
      try {
        await this.rebalanceType(actorType);
      } catch (err) {
        failures.push(`${actorType}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`loading reminders failed for ${failures.join('; ')}`);
  }

  private async rebalanceType(actorType: string): Promise<void> {
    // Finished changes older than this read cannot matter to it: forget them.
    for (const id of this.changes.keys()) if (!this.pending.has(id)) this.changes.delete(id);
    const readAt = this.changeCounter;
    const stored = await this.storage.readAll(actorType);
    const owned = stored.filter((r) => this.owns(r.actorType, r.actorId));
    const tracks = await this.storage.readTracks(owned.filter((r) => this.runner.scheduledUid(reminderId(r.actorType, r.actorId, r.name)) !== r.uid));
    if (this.stopped) return;
    // A create or delete that ran while we were reading knows better than what we read.
    const fresh = (id: string): boolean => !this.pending.has(id) && (this.changes.get(id) ?? 0) <= readAt;
    const inStore = new Set<string>();
    for (const reminder of stored) {
      const id = reminderId(reminder.actorType, reminder.actorId, reminder.name);
      inStore.add(id);
      if (!fresh(id)) continue;
      if (!this.owns(reminder.actorType, reminder.actorId)) this.runner.unschedule(id, false);
      else if (this.runner.scheduledUid(id) !== reminder.uid) this.scheduleLoaded(reminder, tracks.get(reminderTrackKey(reminder.actorType, reminder.actorId, reminder.name)));
    }
    for (const r of this.runner.scheduled()) {
      const id = reminderId(r.actorType, r.actorId, r.name);
      if (r.actorType === actorType && !inStore.has(id) && fresh(id)) this.runner.unschedule(id, true);
    }
  }

  private scheduleLoaded(reminder: StoredReminder, track: ReminderTrack | undefined): void {
    try {
      this.runner.schedule(reminder, track);
    } catch (err) {
      this.logger.error(`reminder ${reminder.name} of actor ${reminder.actorType}/${reminder.actorId} not scheduled: ${(err as Error).message}`);
    }
  }

  /** Deletes a registration that is done, unless it has been re-registered (another uid) meanwhile. */
  private async removeRegistration(reminder: StoredReminder): Promise<void> {
    const { actorType, actorId, name } = reminder;
    await this.change(reminderId(actorType, actorId, name), async () => {
      const count = await this.storage.existingPartitionCount(actorType);
      if (count === undefined) return;
      const partition = reminderPartitionOf(actorId, count);
      const isThis = (r: StoredReminder): boolean => sameReminder(r, reminder) && r.uid === reminder.uid;
      await this.storage.update(actorType, partition, (list) => (list.some(isThis) ? list.filter((r) => !isThis(r)) : undefined), [deleteTrackOperation(actorType, actorId, name)]);
    });
  }

  /** Runs a create or delete of one reminder after the earlier ones, marked as a change for rebalances. */
  private async change(id: string, work: () => Promise<void>): Promise<void> {
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    this.mark(id);
    try {
      await this.queue.run(id, work);
    } finally {
      this.mark(id);
      const left = (this.pending.get(id) ?? 1) - 1;
      if (left > 0) this.pending.set(id, left);
      else this.pending.delete(id);
    }
  }

  private mark(id: string): void {
    this.changes.set(id, ++this.changeCounter);
  }
}

function sameReminder(a: StoredReminder, b: StoredReminder): boolean {
  return a.actorId === b.actorId && a.name === b.name;
}

function definedFields(spec: ReminderSpec): Partial<StoredReminder> {
  const fields: Partial<StoredReminder> = {};
  if (spec.dueTime !== undefined && spec.dueTime !== '') fields.dueTime = spec.dueTime;
  if (spec.period !== undefined && spec.period !== '') fields.period = spec.period;
  if (spec.ttl !== undefined && spec.ttl !== '') fields.ttl = spec.ttl;
  if (spec.data !== undefined) fields.data = spec.data;
  return fields;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
