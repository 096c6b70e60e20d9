import type { ComponentMetadata } from '@dapr-ts/components-common';
import type { PubSubFeature } from './feature';
import type { BulkPublishRequest, BulkPublishResponse, MessageHandler, PublishRequest, SubscribeRequest } from './messages';

/**
 * The pub/sub contract (contrib pubsub/pubsub.go). Methods may run concurrently.
 *
 * Delivery is at-least-once: a message whose handler rejects, or whose handler never finished
 * because the process died, is delivered again. A message is removed only after its handler
 * resolved.
 */
export interface PubSub {
  /** Parses metadata and connects. Throws MetadataError naming the field on bad metadata. */
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  features(): readonly PubSubFeature[];
  /** Resolves once the broker has accepted the message (from then on it must not be lost). */
  publish(request: PublishRequest, signal: AbortSignal): Promise<void>;
  /**
   * Starts delivering the topic's messages to `handler`; resolves once the subscription is in
   * place. When `signal` aborts, no new delivery starts, while handlers already running finish and
   * still ack or nack. Messages of one consumer group (`consumerID` metadata) are shared among its
   * subscribers; every group gets every message.
   */
  subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}

/** Brokers that publish a batch natively; others get {@link bulkPublish} from this package. */
export interface BulkPublisher extends PubSub {
  bulkPublish(request: BulkPublishRequest, signal: AbortSignal): Promise<BulkPublishResponse>;
}

export function isBulkPublisher(pubsub: PubSub): pubsub is BulkPublisher {
  return typeof (pubsub as Partial<BulkPublisher>).bulkPublish === 'function';
}
