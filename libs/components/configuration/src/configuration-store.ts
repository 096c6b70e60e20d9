import type { ComponentMetadata } from '@dapr-ts/components-common';

/**
 * Configuration store capabilities. Dapr's configuration contract (contrib configuration/store.go)
 * declares none; the object gives `features()` a typed home for wire strings if one is added, and
 * lets the metadata API report configuration stores like every other category (an empty list).
 */
export const ConfigurationFeature = {} as const;
export type ConfigurationFeature = (typeof ConfigurationFeature)[keyof typeof ConfigurationFeature];

/** One configuration value (dapr.proto.common.v1.ConfigurationItem). */
export interface ConfigurationItem {
  value: string;
  /** The store's version of the value; empty when the store keeps none. */
  version: string;
  metadata: Record<string, string>;
}

/** Items by key. */
export type ConfigurationItems = Record<string, ConfigurationItem>;

export interface GetConfigurationRequest {
  /** Keys to read; empty reads every key the store holds. */
  keys: readonly string[];
  /** Request metadata, passed through from the API caller. */
  metadata: Record<string, string>;
}

export interface GetConfigurationResponse {
  /** The requested keys that exist; missing keys are simply absent. */
  items: ConfigurationItems;
}

export interface SubscribeConfigurationRequest {
  /** Keys to watch; empty watches every key. */
  keys: readonly string[];
  /** Request metadata, e.g. `pgNotifyChannel` for configuration.postgresql. */
  metadata: Record<string, string>;
}

/**
 * A change seen by a subscription. A key that was deleted (or expired) is reported with an empty
 * value and version, so apps learn of removals too.
 */
export interface ConfigurationUpdateEvent {
  /** The subscription id {@link ConfigurationStore.subscribe} returned. */
  id: string;
  items: ConfigurationItems;
}

/**
 * Receives the changes of one subscription, one call at a time and in the order the store saw
 * them. A rejection is logged by the store and does not end the subscription.
 */
export type ConfigurationUpdateHandler = (event: ConfigurationUpdateEvent) => Promise<void>;

/**
 * The configuration store contract (contrib configuration/store.go): read-only key/value items with
 * versions, and change subscriptions. The store is written by operators or other tools, never
 * through Dapr. Every method may be called concurrently.
 */
export interface ConfigurationStore {
  /** Parses metadata and connects. Throws MetadataError naming the field on bad metadata. */
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  features(): readonly ConfigurationFeature[];
  get(request: GetConfigurationRequest, signal: AbortSignal): Promise<GetConfigurationResponse>;
  /**
   * Starts watching and resolves with a new, unique subscription id once changes made from then on
   * will reach `handler`. Throws (naming what is missing) when the store cannot watch, e.g. a
   * required request metadata field is absent or the server refuses change notifications.
   */
  subscribe(request: SubscribeConfigurationRequest, handler: ConfigurationUpdateHandler, signal: AbortSignal): Promise<string>;
  /**
   * Stops a subscription: no handler call starts after this resolves. Throws
   * {@link SubscriptionNotFoundError} for an id this store does not know (or already stopped).
   */
  unsubscribe(id: string, signal: AbortSignal): Promise<void>;
  /** Stops every subscription and releases connections; idempotent. */
  close(): Promise<void>;
}
