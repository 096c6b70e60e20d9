import type { ComponentMetadata } from '@dapr-ts/components-common';
import {
  ETagError,
  StateFeature,
  type DeleteRequest,
  type GetRequest,
  type GetResponse,
  type SetRequest,
  type TransactionalStateStore,
  type TransactionOperation,
  type TransactionRequest,
} from '@dapr-ts/components-state';
import { formatExpireTime, parseTtlInSeconds, TtlExpireTimeKey } from '@dapr-ts/components-state';

interface Entry {
  /** A private copy of the caller's bytes. */
  data: Buffer;
  /** Bumped on every write; the ETag is its decimal string. */
  version: number;
  /** Epoch milliseconds; undefined = never expires. */
  expiresAt: number | undefined;
}

/** How often expired keys are purged; `get` hides them in between. Mirrors contrib's one-second sweep. */
const SweepIntervalMs = 1000;

/**
 * `state.in-memory`: a real state store living in the sidecar's memory, with ETags, transactions
 * and TTLs (contrib state/in-memory). Every test tier runs against it, so it keeps Dapr's semantics
 * exactly rather than being a fake:
 *
 * - ETags are per-key version numbers (`"1"`, `"2"`, …), bumped on every write. A non-numeric
 *   ETag is `invalid`; a different one is a `mismatch`. An ETag on a missing key passes (Redis
 *   semantics, which the official SDKs' tests rely on).
 * - `first-write` without an ETag fails when the key exists; `last-write` (default) never checks.
 * - `ttlInSeconds` in a write's metadata expires the key; a write without it removes a previous TTL.
 *
 * Concurrency: each `set`, `delete` and `multi` validates and applies in one synchronous section
 * (no `await` in between), so on Node's single thread they are atomic without locks.
 */
export class InMemoryStateStore implements TransactionalStateStore {
  private readonly items = new Map<string, Entry>();
  private sweeper: NodeJS.Timeout | undefined;

  /** Starts the expiry sweep (an unref'd timer, so it never keeps the process alive). No metadata is read. */
  async init(_metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    clearInterval(this.sweeper);
    this.sweeper = setInterval(() => this.sweep(), SweepIntervalMs);
    this.sweeper.unref();
  }

  features(): readonly StateFeature[] {
    return [StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL];
  }

  /** A copy of the stored bytes, the ETag and, for a key with a TTL, `ttlExpireTime` (RFC 3339, UTC). */
  async get(request: GetRequest, signal: AbortSignal): Promise<GetResponse | undefined> {
    signal.throwIfAborted();
    const entry = this.live(request.key, Date.now());
    if (!entry) return undefined;
    return {
      data: Buffer.from(entry.data),
      etag: String(entry.version),
      ...(entry.expiresAt === undefined ? {} : { metadata: { [TtlExpireTimeKey]: formatExpireTime(entry.expiresAt) } }),
    };
  }

  async set(request: SetRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.commit([{ operation: 'upsert', request }]);
  }

  async delete(request: DeleteRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.commit([{ operation: 'delete', request }]);
  }

  /** All operations or none: the first failing check is thrown and nothing is written. */
  async multi(request: TransactionRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.commit(request.operations);
  }

  /** Stops the sweep and drops every key. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.items.clear();
  }

  /**
   * The critical section. Checks every operation in order, each against the live state plus the
   * effects of the operations before it (as a serializable database would), then applies them all.
   * Throws on the first failed check, having written nothing.
   */
  private commit(operations: readonly TransactionOperation[]): void {
    const now = Date.now();
    const staged = new Map<string, Entry | undefined>();
    for (const op of operations) {
      const key = op.request.key;
      const current = staged.has(key) ? staged.get(key) : this.live(key, now);
      staged.set(key, nextEntry(op, current, now));
    }
    for (const [key, entry] of staged) {
      if (entry) this.items.set(key, entry);
      else this.items.delete(key);
    }
  }

  /** The entry if present and not expired; an expired one is dropped on sight. */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.items.get(key);
    if (entry && isExpired(entry, now)) {
      this.items.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.items) if (isExpired(entry, now)) this.items.delete(key);
  }
}

function isExpired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

/** Checks one operation against the key's `current` entry; returns what to store, or undefined to delete. */
function nextEntry(op: TransactionOperation, current: Entry | undefined, now: number): Entry | undefined {
  const { key, etag } = op.request;
  if (op.operation === 'delete') {
    checkEtag(key, etag, current);
    return undefined;
  }
  // -1 asks for no expiry, which is this store's default for every write.
  const ttl = parseTtlInSeconds(op.request.metadata);
  const ttlMs = ttl === -1 ? undefined : ttl;
  checkEtag(key, etag, current);
  if (!etag && current && op.request.options?.concurrency === 'first-write') {
    throw new ETagError('mismatch', `key ${key} already exists and first-write concurrency was requested without an etag`);
  }
  return { data: Buffer.from(op.request.value), version: (current?.version ?? 0) + 1, expiresAt: ttlMs === undefined ? undefined : now + ttlMs };
}

/** An empty ETag means "no check". A missing key accepts any well-formed ETag (Redis semantics). */
function checkEtag(key: string, etag: string | undefined, current: Entry | undefined): void {
  if (!etag) return;
  if (!/^\d+$/.test(etag)) throw new ETagError('invalid', `etag "${etag}" for key ${key} is not a version number`);
  if (current && String(current.version) !== etag) throw new ETagError('mismatch', `etag "${etag}" for key ${key} does not match the stored version "${current.version}"`);
}
