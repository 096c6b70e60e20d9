/**
 * What daprd asks of its app besides service invocation: subscriptions, topic events and input
 * binding events. One implementation per app protocol (HTTP here, gRPC in daprd-grpc-api), so the
 * pub/sub and bindings runtimes never see a transport. Mirrors dapr pkg/runtime/channel + postman.
 */
export interface AppCallbacks {
  readonly protocol: 'http' | 'grpc';
  /** The app's programmatic subscriptions (`GET /dapr/subscribe`, `ListTopicSubscriptions`); none when it has no such endpoint. */
  listTopicSubscriptions(signal: AbortSignal): Promise<AppSubscription[]>;
  /** Delivers one event. Throws when the app could not be reached or failed (both mean retry). */
  onTopicEvent(event: TopicEventDelivery, signal: AbortSignal): Promise<TopicEventStatus>;
  /** Delivers a batch; entries the app did not answer for come back as RETRY. */
  onBulkTopicEvent(event: BulkTopicEventDelivery, signal: AbortSignal): Promise<Map<string, TopicEventStatus>>;
  /**
   * Names of the bindings the app wants events from: HTTP probes `OPTIONS /<route>` for each
   * (404 = not interested), gRPC asks `ListInputBindings` once.
   */
  listInputBindings(bindings: readonly InputBindingRoute[], signal: AbortSignal): Promise<Set<string>>;
  /** Delivers one input binding event; resolves with the app's reply, throws when the app did not accept it. */
  onBindingEvent(event: BindingEventDelivery, signal: AbortSignal): Promise<Uint8Array | undefined>;
}

/** The app's verdict on a topic event (Dapr's `TopicEventResponse.status`). */
export const TopicEventStatus = {
  Success: 'SUCCESS',
  Retry: 'RETRY',
  Drop: 'DROP',
} as const;
export type TopicEventStatus = (typeof TopicEventStatus)[keyof typeof TopicEventStatus];

/** A routing rule: deliver to `path` when the CEL expression `match` holds for the event. */
export interface RouteRule {
  match: string;
  path: string;
}

export interface BulkSubscribeOptions {
  enabled: boolean;
  maxMessagesCount?: number;
  maxAwaitDurationMs?: number;
}

/** One subscription, whichever way the app declared it (v1 `route` becomes `routes.default`). */
export interface AppSubscription {
  pubsubName: string;
  topic: string;
  metadata: Record<string, string>;
  routes: { rules: RouteRule[]; default: string };
  deadLetterTopic?: string;
  bulkSubscribe?: BulkSubscribeOptions;
}

/** A CloudEvent as a JSON object (spec 1.0 attributes plus Dapr's extensions). */
export type CloudEvent = Record<string, unknown>;

export interface TopicEventDelivery {
  pubsubName: string;
  topic: string;
  /** The app path (HTTP) or `path` field (gRPC) the route chose. */
  path: string;
  cloudEvent: CloudEvent;
  /** Broker metadata; sent as HTTP headers or gRPC metadata. */
  metadata: Record<string, string>;
}

export interface BulkTopicEventEntry {
  entryId: string;
  /** A CloudEvent, or the raw bytes of a raw-payload message. */
  event: CloudEvent | Uint8Array;
  contentType: string;
  metadata: Record<string, string>;
}

export interface BulkTopicEventDelivery {
  id: string;
  pubsubName: string;
  topic: string;
  path: string;
  entries: BulkTopicEventEntry[];
  metadata: Record<string, string>;
}

/** An input binding and the app path its events go to (`route` metadata, else the name). */
export interface InputBindingRoute {
  name: string;
  route: string;
}

export interface BindingEventDelivery {
  /** The binding's component name. */
  name: string;
  /** The app path to POST to (`route` metadata, else the name). HTTP only. */
  route: string;
  data: Uint8Array;
  metadata: Record<string, string>;
  contentType?: string;
}
