import type { BulkPublishRequest, BulkPublishResponse } from './messages';
import { isBulkPublisher, type PubSub } from './pubsub';

/**
 * Publishes a batch: natively when the broker can, else one entry at a time, concurrently.
 * Each failure is reported against its entry; the others still go out (contrib's default
 * bulk publisher does the same).
 */
export async function bulkPublish(pubsub: PubSub, request: BulkPublishRequest, signal: AbortSignal): Promise<BulkPublishResponse> {
  if (isBulkPublisher(pubsub)) return pubsub.bulkPublish(request, signal);
  const results = await Promise.allSettled(
    request.entries.map((entry) =>
      pubsub.publish({ topic: request.topic, data: entry.data, ...(entry.contentType ? { contentType: entry.contentType } : {}), metadata: { ...request.metadata, ...entry.metadata } }, signal),
    ),
  );
  const failedEntries: BulkPublishResponse['failedEntries'] = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected') failedEntries.push({ entryId: request.entries[i]?.entryId ?? '', error: (result.reason as Error).message });
  });
  return { failedEntries };
}
