import type { MessageHandler, PubSub } from '@dapr-ts/components-pubsub';
import type { RecordingOptions, RecordingSubscriber } from './pubsub-recorder';

/**
 * Behaviours a pub/sub component may declare (contrib tests/config/pubsub/tests.yml). Publishing,
 * subscribing, redelivery after a nack and unsubscribing are the contract itself and always run.
 *
 * - `bulkPublish`: a native `BulkPublisher` (BULK_PUBLISH). Without it the suite still checks
 *   bulk publishing through the `bulkPublish` helper.
 * - `ordering`: each subscription sees first deliveries in publish order.
 * - `multipleGroups`: two consumer groups (`consumerID`) of one topic each get every message.
 * - `competingConsumers`: subscribers of one group share its messages, each delivered once.
 * - `contentType` / `metadata`: the published content type / metadata reach the handler.
 * - `messageTTL` / `subscribeWildcards`: the broker has MESSAGE_TTL / SUBSCRIBE_WILDCARDS; only
 *   the feature flag is checked so far (their syntax and timing differ per broker).
 */
export type PubSubOperation = 'bulkPublish' | 'ordering' | 'multipleGroups' | 'competingConsumers' | 'contentType' | 'metadata' | 'messageTTL' | 'subscribeWildcards';

/** One pub/sub component's entry in the conformance table. */
export interface PubSubConformanceConfig {
  /** Shown in test names and used in topics and group names, e.g. `pubsub.redis`. */
  name: string;
  /** Returns a fresh, uninitialised component; the suite initialises and closes it. */
  create: () => PubSub;
  /** The component's `spec.metadata`, as strings. */
  metadata: Record<string, string>;
  operations: readonly PubSubOperation[];
  config?: {
    /** How long a published message may take to reach a subscriber. Default 10 000 ms. */
    deliveryTimeoutMs?: number;
    /** How long a nacked message may take to come back (brokers redeliver on their own clock). Default 30 000 ms. */
    redeliveryTimeoutMs?: number;
  };
}

/** What each group of pub/sub tests receives. `pubsub()` is valid inside tests and hooks only. */
export interface PubSubSuiteContext {
  readonly name: string;
  readonly signal: AbortSignal;
  /** Messages per burst in the multi-message tests. */
  readonly messageCount: number;
  /** Per-test jest timeout: long enough for one delivery plus redeliveries. */
  readonly testTimeoutMs: number;
  has(operation: PubSubOperation): boolean;
  pubsub(): PubSub;
  /** A fresh topic for this test; see {@link uniqueKey}. */
  topic(label: string): string;
  /** A fresh consumer group name for this test. */
  group(label: string): string;
  /** `publish` with empty metadata plus any extra request fields. */
  publish(topic: string, payload: string | Uint8Array, extra?: { contentType?: string; metadata?: Record<string, string> }): Promise<void>;
  /** Subscribes `handler` in group `consumerID`; the returned controller is aborted after the test at the latest. */
  subscribe(topic: string, consumerID: string, handler: MessageHandler): Promise<AbortController>;
  /** Subscribes a {@link RecordingSubscriber} in group `consumerID`. */
  record(topic: string, consumerID: string, options?: RecordingOptions): Promise<RecordingSubscriber>;
  /** Polls `check` until it holds, for up to the delivery timeout (plus the redelivery timeout when `redelivery`). */
  eventually(what: string, check: () => boolean, redelivery?: boolean): Promise<void>;
}

/** `count` payloads `<label>-0`, `<label>-1`, … in publish order. */
export function payloads(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${label}-${i}`);
}

/** A sorted copy, for comparing sets of payloads whose order is not guaranteed. */
export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}
