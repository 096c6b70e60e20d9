import type { ComponentMetadata } from '@dapr-ts/components-common';
import {
  ConfigurationSubscriptions,
  SubscriptionNotFoundError,
  deletedItem,
  type ConfigurationFeature,
  type ConfigurationItems,
  type ConfigurationStore,
  type ConfigurationUpdateHandler,
  type GetConfigurationRequest,
  type GetConfigurationResponse,
  type SubscribeConfigurationRequest,
} from '@dapr-ts/components-configuration';
import { runConfigurationConformance, type ConfigurationWriter } from './configuration-conformance';

/** A backend shared by the store and the suite's writer, as a Redis server would be. */
class MapBackend {
  readonly items = new Map<string, { value: string; version: string }>();
  readonly listeners = new Set<(items: ConfigurationItems) => void>();
  write(items: ConfigurationItems): void {
    for (const listener of this.listeners) listener(items);
  }
}

/** The plainest store that keeps the contract: a map, and change callbacks from its backend. */
class MapConfigurationStore implements ConfigurationStore {
  private readonly subscriptions = new ConfigurationSubscriptions({ onHandlerError: () => undefined });
  private readonly listener = (items: ConfigurationItems): void => this.subscriptions.publish(items);
  private readonly backend: MapBackend;
  constructor(backend: MapBackend) {
    this.backend = backend;
  }
  async init(_metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {
    this.backend.listeners.add(this.listener);
  }
  features(): readonly ConfigurationFeature[] {
    return [];
  }
  async get(request: GetConfigurationRequest, _signal: AbortSignal): Promise<GetConfigurationResponse> {
    const keys = request.keys.length > 0 ? request.keys : [...this.backend.items.keys()];
    const items: ConfigurationItems = {};
    for (const key of keys) {
      const found = this.backend.items.get(key);
      if (found) items[key] = { ...found, metadata: {} };
    }
    return { items };
  }
  async subscribe(request: SubscribeConfigurationRequest, handler: ConfigurationUpdateHandler, _signal: AbortSignal): Promise<string> {
    return this.subscriptions.add(request.keys, handler, undefined).id;
  }
  async unsubscribe(id: string, _signal: AbortSignal): Promise<void> {
    if (!this.subscriptions.remove(id)) throw new SubscriptionNotFoundError(id);
  }
  async close(): Promise<void> {
    this.subscriptions.clear();
    this.backend.listeners.delete(this.listener);
  }
}

const backend = new MapBackend();

const writer = async (): Promise<ConfigurationWriter> => ({
  async set(items) {
    for (const [key, item] of Object.entries(items)) backend.items.set(key, item);
    backend.write(Object.fromEntries(Object.entries(items).map(([key, item]) => [key, { ...item, metadata: {} }])));
  },
  async delete(keys) {
    for (const key of keys) backend.items.delete(key);
    backend.write(Object.fromEntries(keys.map((key) => [key, deletedItem()])));
  },
  async close() {},
});

runConfigurationConformance({ name: 'map', create: () => new MapConfigurationStore(backend), metadata: {}, writer });
