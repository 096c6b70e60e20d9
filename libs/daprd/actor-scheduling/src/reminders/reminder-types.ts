import type { TransactionalStateStore } from '@dapr-ts/components-state';
import type { Logger } from '@dapr-ts/logger';

/** A reminder registration (`POST /v1.0/actors/<type>/<id>/reminders/<name>` or `RegisterActorReminder`). */
export interface ReminderSpec {
  actorType: string;
  actorId: string;
  name: string;
  dueTime?: string;
  period?: string;
  ttl?: string;
  data?: unknown;
}

/** A persisted reminder, as `get`/`list` return it and `fire` receives it. */
export interface Reminder extends ReminderSpec {
  /** When it was (last) registered, RFC 3339. */
  registeredAt: string;
  /** When its ttl ends, RFC 3339; absent = never. */
  expiresAt?: string;
}

/**
 * The outcome of one delivery to the actor:
 * - `ok`: delivered; counts as a fire;
 * - `cancel`: the app answered `X-Daprremindercancel: true`; the reminder is deleted;
 * - `not-owned`: the actor is no longer hosted here; the reminder is unscheduled locally (not deleted).
 *
 * A rejection is a failed delivery and is retried. `signal` aborts when the service stops.
 */
export type ReminderFireResult = 'ok' | 'cancel' | 'not-owned';
export type ReminderFire = (reminder: Reminder, signal: AbortSignal) => Promise<ReminderFireResult>;

/** Retries of a failed delivery; Dapr's default policy is 3 retries (4 attempts), reliability.md §1.2. */
export interface ReminderRetry {
  /** Retries after the first failed attempt. */
  attempts: number;
  intervalMs: number;
}

export interface ReminderServiceOptions {
  /** The actor state store; keys are written literally (no prefix). */
  store: TransactionalStateStore;
  /** The app's `remindersStoragePartitions` for a type; 0 (or less) means 16. Read once per type. */
  partitionsFor: (actorType: string) => number;
  /** Whether this sidecar hosts that actor now; only owned reminders are scheduled here. */
  owns: (actorType: string, actorId: string) => boolean;
  fire: ReminderFire;
  logger: Logger;
  /** Clock in epoch ms; `Date.now` by default. */
  now?: () => number;
  /** Default `{ attempts: 3, intervalMs: 1000 }`. */
  retry?: ReminderRetry;
}

/** One reminder as stored in a partition: the public fields plus what scheduling needs. */
export interface StoredReminder extends Reminder {
  /** First fire, RFC 3339 (registeredAt + dueTime, fixed at registration). */
  dueAt: string;
  /** Identifies this registration; a re-registration gets a new one, which makes old progress void. */
  uid: string;
}

/** Progress of one registration, in its own key so firing never rewrites a shared partition. */
export interface ReminderTrack {
  /** The registration it belongs to; a track of another uid is ignored. */
  uid: string;
  /** Start of the last successful fire, RFC 3339. */
  lastFiredAt: string;
  /** Fires still due; absent = unbounded. */
  repetitionsLeft?: number;
}
