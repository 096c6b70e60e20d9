import type { AppSubscription, BulkTopicEventDelivery, CloudEvent, TopicEventDelivery, TopicEventStatus } from '@dapr-ts/daprd-app-callbacks';

/** Where a subscription's events go: the app (HTTP or gRPC callbacks) or a streaming client. */
export interface EventSink {
  /** Throws when the event could not be handed over or the receiver failed: that means retry. */
  deliver(event: TopicEventDelivery, signal: AbortSignal): Promise<TopicEventStatus>;
  /** Batches; absent for sinks that take events one at a time. */
  deliverBulk?(event: BulkTopicEventDelivery, signal: AbortSignal): Promise<Map<string, TopicEventStatus>>;
}

/** Chooses the app path for an event: the first matching rule, else the default; undefined = no route. */
export interface RouteMatcher {
  match(event: CloudEvent): string | undefined;
}

/** How a subscription came to be, as the metadata API reports it. */
export const SubscriptionKind = {
  Declarative: 'DECLARATIVE',
  Programmatic: 'PROGRAMMATIC',
  Streaming: 'STREAMING',
} as const;
export type SubscriptionKind = (typeof SubscriptionKind)[keyof typeof SubscriptionKind];

/** A subscription ready to run: the app's declaration plus its compiled routes. */
export interface ActiveSubscription extends AppSubscription {
  kind: SubscriptionKind;
  routeMatcher: RouteMatcher;
}

/**
 * Redelivery schedule the runtime applies itself before handing a failed message back to the
 * broker (a Resiliency retry policy). `delayMs(n)` is the wait before retry n (1-based);
 * undefined means retries are exhausted.
 */
export interface RetrySchedule {
  delayMs(retry: number): number | undefined;
}
