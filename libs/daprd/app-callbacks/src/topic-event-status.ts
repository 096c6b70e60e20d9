import { TopicEventStatus } from './app-callbacks';

/**
 * Reads the app's `status` answer. A missing or empty one means success where Dapr says so
 * (single events); an unknown string means retry.
 */
export function statusFromAppReply(status: unknown, whenMissing: TopicEventStatus = TopicEventStatus.Retry): TopicEventStatus {
  if (status === undefined || status === null || status === '') return whenMissing;
  if (typeof status === 'number') return status === 0 ? TopicEventStatus.Success : status === 2 ? TopicEventStatus.Drop : TopicEventStatus.Retry;
  const upper = String(status).toUpperCase();
  if (upper === TopicEventStatus.Success) return TopicEventStatus.Success;
  if (upper === TopicEventStatus.Drop) return TopicEventStatus.Drop;
  return TopicEventStatus.Retry;
}
