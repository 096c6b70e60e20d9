/**
 * Redis keyspace notifications (redis.io "Redis keyspace notifications"): which
 * `notify-keyspace-events` flags subscriptions need, and what each event means for a
 * configuration item.
 */

/**
 * `K` (keyspace channels), `$` (string commands), `g` (DEL, RENAME…), `x` (expired), `e` (evicted).
 * `A` stands for every class but `K`, `E`, `m` and `n`, so it covers `$gxe`.
 */
const RequiredFlags = ['K', '$', 'g', 'x', 'e'] as const;

/**
 * The flags to add to `current` so subscriptions see every change of a string key; '' when
 * nothing is missing. Existing flags are kept, so turning ours on never turns anyone else's off.
 */
export function missingKeyspaceFlags(current: string): string {
  return RequiredFlags.filter((flag) => !current.includes(flag) && !(flag !== 'K' && current.includes('A'))).join('');
}

/** What a keyspace event says about its key. */
export const KeyspaceChange = {
  /** The value may have changed: read it again. */
  Written: 'written',
  /** The key is gone. */
  Removed: 'removed',
  /** Nothing a subscriber would see (a TTL set or cleared, a type other than string). */
  Ignored: 'ignored',
} as const;
export type KeyspaceChange = (typeof KeyspaceChange)[keyof typeof KeyspaceChange];

const Written = new Set(['set', 'setrange', 'append', 'incrby', 'incrbyfloat', 'rename_to', 'restore', 'copy_to', 'move_to']);
const Removed = new Set(['del', 'expired', 'evicted', 'rename_from', 'move_from']);

export function keyspaceChange(event: string): KeyspaceChange {
  if (Written.has(event)) return KeyspaceChange.Written;
  if (Removed.has(event)) return KeyspaceChange.Removed;
  return KeyspaceChange.Ignored;
}

/** `__keyspace@<db>__:`, the prefix of every keyspace channel of database `db`. */
export function keyspaceChannelPrefix(db: number): string {
  return `__keyspace@${db}__:`;
}
