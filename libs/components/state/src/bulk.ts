import { BulkStoreError } from './errors';
import type { BulkGetItem, DeleteRequest, GetRequest, SetRequest } from './requests';
import { isBulkStateStore, type StateStore } from './state-store';

/** Runs `work` over `items` with at most `parallelism` in flight, keeping order of results. */
async function mapLimited<I, O>(items: readonly I[], parallelism: number, work: (item: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const lanes = Math.max(1, Math.min(parallelism, items.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as I);
      }
    }),
  );
  return results;
}

/** Bulk get: the store's own if it has one, else per key in parallel; a failing key reports `error`. */
export async function bulkGet(store: StateStore, requests: GetRequest[], signal: AbortSignal, parallelism = 100): Promise<BulkGetItem[]> {
  if (isBulkStateStore(store)) return store.bulkGet(requests, signal, parallelism);
  return mapLimited(requests, parallelism, async (request): Promise<BulkGetItem> => {
    try {
      const found = await store.get(request, signal);
      if (!found) return { key: request.key };
      return { key: request.key, data: found.data, ...(found.etag === undefined ? {} : { etag: found.etag }), ...(found.metadata ? { metadata: found.metadata } : {}) };
    } catch (err) {
      return { key: request.key, error: messageOf(err) };
    }
  });
}

/**
 * Bulk set and delete are not transactional (Dapr #6342): every key is tried; the first failure
 * is rethrown as a BulkStoreError naming the key, after the others finished.
 */
export async function bulkSet(store: StateStore, requests: SetRequest[], signal: AbortSignal, parallelism = 100): Promise<void> {
  await settleAll(requests, parallelism, (r) => store.set(r, signal));
}

export async function bulkDelete(store: StateStore, requests: DeleteRequest[], signal: AbortSignal, parallelism = 100): Promise<void> {
  await settleAll(requests, parallelism, (r) => store.delete(r, signal));
}

/** The message of a thrown value; `instanceof Error` fails across realms (jest), so read the field. */
function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : String(err);
}

async function settleAll<R extends { key: string }>(requests: R[], parallelism: number, work: (r: R) => Promise<void>): Promise<void> {
  const failures = await mapLimited(requests, parallelism, async (request) => {
    try {
      await work(request);
      return undefined;
    } catch (err) {
      return new BulkStoreError(request.key, err);
    }
  });
  const first = failures.find((f) => f !== undefined);
  if (first) throw first;
}
