import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/** Typed component metadata of `pubsub.in-memory`, decoded once at init. */
export interface InMemoryPubSubMetadata {
  /** Consumer group of subscriptions whose request metadata names none; undefined = one group per subscription. */
  consumerID: string | undefined;
  /** Wait before the first redelivery of a nacked message, in ms. */
  redeliverIntervalMs: number;
  /** Cap of the doubling redelivery wait, in ms. */
  maxRedeliverIntervalMs: number;
  /** Handlers one subscriber runs at once; `Infinity` when the metadata says 0. */
  maxConcurrentHandlers: number;
}

/** Default first redelivery wait: short enough for tests, long enough not to spin on a failing app. */
export const DefaultRedeliverIntervalMs = 200;
/** Default cap of the doubling redelivery wait. */
export const DefaultMaxRedeliverIntervalMs = 10_000;
/**
 * Default handlers in flight per subscriber. Dapr's in-memory broker has no bound; we keep one so a
 * backlog of thousands of messages does not reach the app as thousands of simultaneous requests.
 */
export const DefaultMaxConcurrentHandlers = 100;

/**
 * Decodes `consumerID`, `redeliverInterval`, `maxRedeliverInterval` (Go durations, ISO 8601 or bare
 * seconds) and `maxConcurrentHandlers` (0 = unbounded). Keys are case-insensitive; unknown keys are
 * ignored. Throws MetadataError naming the field on a bad value.
 */
export function parseInMemoryPubSubMetadata(properties: Record<string, string>): InMemoryPubSubMetadata {
  const md = new MetadataReader(properties);
  const redeliverIntervalMs = md.duration('redeliverInterval', DefaultRedeliverIntervalMs);
  if (!(redeliverIntervalMs > 0)) throw new MetadataError('redeliverInterval', `must be positive, got ${md.raw('redeliverInterval')}`);
  const maxRedeliverIntervalMs = md.duration('maxRedeliverInterval', Math.max(DefaultMaxRedeliverIntervalMs, redeliverIntervalMs));
  if (maxRedeliverIntervalMs < redeliverIntervalMs) {
    throw new MetadataError('maxRedeliverInterval', `must not be shorter than redeliverInterval (${redeliverIntervalMs} ms), got ${md.raw('maxRedeliverInterval')}`);
  }
  const maxConcurrentHandlers = md.int('maxConcurrentHandlers', DefaultMaxConcurrentHandlers);
  if (maxConcurrentHandlers < 0) throw new MetadataError('maxConcurrentHandlers', `must be 0 (unbounded) or more, got ${maxConcurrentHandlers}`);
  return {
    consumerID: md.raw('consumerID'),
    redeliverIntervalMs,
    maxRedeliverIntervalMs,
    maxConcurrentHandlers: maxConcurrentHandlers === 0 ? Infinity : maxConcurrentHandlers,
  };
}

/** The wait before redelivering a message that failed its `attempts`-th delivery: doubling from the interval, capped. */
export function redeliveryDelayMs(settings: Pick<InMemoryPubSubMetadata, 'redeliverIntervalMs' | 'maxRedeliverIntervalMs'>, attempts: number): number {
  return Math.min(settings.maxRedeliverIntervalMs, settings.redeliverIntervalMs * 2 ** Math.max(0, attempts - 1));
}
