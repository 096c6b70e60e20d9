/**
 * Key layout of reminders in the actor state store. Keys are literal: the runtime adds no prefix.
 *
 * - `actors||<type>||reminders||meta` = `{"partitions":N}`, written once by the first writer;
 * - `actors||<type>||reminders||<p>` = JSON array of the stored reminders of the ids hashing to p;
 * - `actors||<type>||<id>||reminders||<name>||track` = progress of one reminder.
 */

/** Partitions used when the app configures none (`remindersStoragePartitions` 0). */
export const DefaultReminderPartitions = 16;

export function reminderMetaKey(actorType: string): string {
  return `actors||${actorType}||reminders||meta`;
}

export function reminderPartitionKey(actorType: string, partition: number): string {
  return `actors||${actorType}||reminders||${partition}`;
}

export function reminderTrackKey(actorType: string, actorId: string, name: string): string {
  return `actors||${actorType}||${actorId}||reminders||${name}||track`;
}

/** The partition (0 … count-1) of an actor id: FNV-1a over its UTF-8 bytes, so every sidecar agrees. */
export function reminderPartitionOf(actorId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(actorId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** The in-memory identity of a reminder (not a store key). */
export function reminderId(actorType: string, actorId: string, name: string): string {
  return JSON.stringify([actorType, actorId, name]);
}
