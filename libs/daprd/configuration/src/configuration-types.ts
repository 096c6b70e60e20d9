/**
 * Request shapes of the configuration API. Field names follow the dapr.proto.runtime.v1
 * configuration messages, so gRPC handlers pass decoded messages straight in and the HTTP adapter
 * builds the same shapes from the path and query.
 */

/** dapr.proto.runtime.v1.GetConfigurationRequest. */
export interface GetConfigurationMessage {
  storeName: string;
  /** Empty reads every key. */
  keys: readonly string[];
  metadata: Record<string, string>;
}

/** dapr.proto.runtime.v1.SubscribeConfigurationRequest. */
export interface SubscribeConfigurationMessage {
  storeName: string;
  /** Empty watches every key. */
  keys: readonly string[];
  /** Passed to the store, e.g. `pgNotifyChannel`. */
  metadata: Record<string, string>;
}

/** dapr.proto.runtime.v1.UnsubscribeConfigurationRequest. */
export interface UnsubscribeConfigurationMessage {
  storeName: string;
  id: string;
}

/**
 * dapr.proto.runtime.v1.UnsubscribeConfigurationResponse: `ok: false` (with why) for an id no
 * subscription of that store has; a failing store is thrown instead.
 */
export type UnsubscribeConfigurationResult = { ok: true } | { ok: false; message: string };
