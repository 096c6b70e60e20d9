/** One message to publish. `data` is the wire payload: a CloudEvent JSON, or raw bytes. */
export interface PublishRequest {
  topic: string;
  data: Uint8Array;
  /** Content type of `data` (`application/cloudevents+json` for enveloped messages). */
  contentType?: string;
  /** Request metadata (`metadata.*` query parameters), e.g. `ttlInSeconds`, `rawPayload`. */
  metadata: Record<string, string>;
}

/** A message the broker hands to a subscriber. */
export interface Message {
  topic: string;
  data: Uint8Array;
  contentType?: string;
  /** Broker metadata; the runtime forwards it to the app as headers. */
  metadata: Record<string, string>;
}

export interface SubscribeRequest {
  topic: string;
  /** Subscription metadata (from the subscription, e.g. `rawPayload`, plus component overrides). */
  metadata: Record<string, string>;
}

/**
 * Processes one message. Resolving acknowledges it; rejecting is a nack and the component must
 * deliver the message again later (at-least-once). `signal` aborts when the component closes.
 */
export type MessageHandler = (message: Message, signal: AbortSignal) => Promise<void>;

export interface BulkPublishEntry {
  entryId: string;
  data: Uint8Array;
  contentType?: string;
  metadata: Record<string, string>;
}

export interface BulkPublishRequest {
  topic: string;
  entries: BulkPublishEntry[];
  metadata: Record<string, string>;
}

/** Entries that could not be published; an empty list means every entry was. */
export interface BulkPublishResponse {
  failedEntries: { entryId: string; error: string }[];
}
