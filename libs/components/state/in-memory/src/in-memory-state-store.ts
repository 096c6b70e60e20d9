import { MetadataError, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  ETagError,
  StateFeature,
  type DeleteRequest,
  type GetRequest,
  type GetResponse,
  type SetRequest,
  type TransactionalStateStore,
  type TransactionRequest,
} from '@dapr-ts/components-state';

interface Entry {
  data: Buffer;
  version: number;
  /** Epoch ms; undefined = never expires. */
  expiresAt: number | undefined;
}

const SweepIntervalMs = 1000;

/**
 * `state.in-memory`: a real, transactional, ETag- and TTL-aware store living in the sidecar's
 * memory (contrib state/in-memory). Every operation runs in one synchronous critical section, so
 * compare-and-swap and transactions are atomic without locks.
 */
export class InMemoryStateStore implements TransactionalStateStore {
  private readonly items = new Map<string, Entry>();
  private sweeper: NodeJS.Timeout | undefined;

  async init(_metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {
    this.sweeper = setInterval(() => this.sweep(), SweepIntervalMs);
    this.sweeper.unref();
  }

  features(): readonly StateFeature[] {
    return [StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL];
  }

  async get(request: GetRequest, _signal: AbortSignal): Promise<GetResponse | undefined> {
    const entry = this.live(request.key);
    if (!entry) return undefined;
    return {
      data: entry.data,
      etag: String(entry.version),
      ...(entry.expiresAt !== undefined ? { metadata: { ttlExpireTime: new Date(entry.expiresAt).toISOString() } } : {}),
    };
  }

  async set(request: SetRequest, _signal: AbortSignal): Promise<void> {
    const apply = this.prepareSet(request);
    apply();
  }

  async delete(request: DeleteRequest, _signal: AbortSignal): Promise<void> {
    const apply = this.prepareDelete(request);
    apply();
  }

  async multi(request: TransactionRequest, _signal: AbortSignal): Promise<void> {
    // Validate everything against the current state first; apply only if all checks pass.
    const steps = request.operations.map((op) => (op.operation === 'upsert' ? this.prepareSet(op.request) : this.prepareDelete(op.request)));
    for (const apply of steps) apply();
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.items.clear();
  }

  /** Checks a write and returns the function that performs it. */
  private prepareSet(request: SetRequest): () => void {
    const ttlMs = parseTtl(request.metadata);
    const current = this.live(request.key);
    checkEtag(request.etag, current);
    if (!request.etag && request.options?.concurrency === 'first-write' && current) {
      throw new ETagError('mismatch', `key ${request.key} already exists and first-write concurrency was asked without an etag`);
    }
    const data = Buffer.from(request.value);
    return () => {
      const previous = this.items.get(request.key);
      this.items.set(request.key, { data, version: (previous?.version ?? 0) + 1, expiresAt: ttlMs === undefined ? undefined : Date.now() + ttlMs });
    };
  }

  private prepareDelete(request: DeleteRequest): () => void {
    checkEtag(request.etag, this.live(request.key));
    return () => {
      this.items.delete(request.key);
    };
  }

  private live(key: string): Entry | undefined {
    const entry = this.items.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.items.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.items) if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.items.delete(key);
  }
}

/** A missing key accepts any etag (Redis semantics, which the official SDK's tests rely on). */
function checkEtag(etag: string | undefined, current: Entry | undefined): void {
  if (!etag) return;
  if (!/^\d+$/.test(etag)) throw new ETagError('invalid', `invalid etag value: "${etag}" is not a version number`);
  if (current && String(current.version) !== etag) throw new ETagError('mismatch', `etag "${etag}" does not match the stored version`);
}

/** `ttlInSeconds`: positive integer = expiry, -1 or absent = none; anything else is an error. */
function parseTtl(metadata: Record<string, string>): number | undefined {
  const raw = metadata['ttlInSeconds'];
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new MetadataError('ttlInSeconds', `"${raw}" is not an integer`);
  const ttl = Number(raw);
  if (ttl === -1) return undefined;
  if (ttl <= 0) throw new MetadataError('ttlInSeconds', `must be a positive number of seconds or -1 for no expiry, got ${ttl}`);
  return ttl * 1000;
}
