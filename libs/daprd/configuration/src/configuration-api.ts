import { isSubscriptionNotFoundError, type ConfigurationItems, type ConfigurationStore } from '@dapr-ts/components-configuration';
import { configurationErrors, isDaprApiError, messageOf, type DaprApiError } from '@dapr-ts/daprd-errors';
import type { AppChannel } from '@dapr-ts/daprd-invocation';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { appConfigurationSink } from './app-configuration-sink';
import type { ConfigurationSink } from './configuration-sink';
import type { ConfigurationStoreLookup } from './configuration-store-lookup';
import type { GetConfigurationMessage, SubscribeConfigurationMessage, UnsubscribeConfigurationMessage, UnsubscribeConfigurationResult } from './configuration-types';

export interface ConfigurationApiOptions {
  stores: ConfigurationStoreLookup;
  /** The app channel, when daprd has one (`--app-port`): HTTP subscriptions deliver there. */
  app?: () => AppChannel | undefined;
  logger?: Logger;
}

interface Active {
  storeName: string;
  store: ConfigurationStore;
  sink: ConfigurationSink;
}

/**
 * The transport-agnostic configuration API (mirrors dapr pkg/api/{http,grpc} configuration
 * handlers): finds the store, calls it, maps failures onto Dapr's error codes, and keeps the
 * active subscriptions so either transport can end any of them. Every error thrown is a
 * DaprApiError.
 */
export class ConfigurationApi {
  private readonly options: ConfigurationApiOptions;
  private readonly logger: Logger;
  private readonly active = new Map<string, Active>();
  /** Aborted on close: stops deliveries to the app that are still running. */
  private readonly closing = new AbortController();

  constructor(options: ConfigurationApiOptions) {
    this.options = options;
    this.logger = options.logger ?? nopLogger();
  }

  /** The requested items that exist (all items when no keys are given). */
  async get(req: GetConfigurationMessage, signal: AbortSignal): Promise<ConfigurationItems> {
    const store = this.store(req.storeName);
    try {
      return (await store.get({ keys: req.keys, metadata: req.metadata }, signal)).items;
    } catch (err) {
      throw passThrough(err) ?? configurationErrors.get(req.storeName, req.keys, messageOf(err), err);
    }
  }

  /** Subscribes `sink`; resolves with the subscription id once changes from then on will reach it. */
  async subscribe(req: SubscribeConfigurationMessage, sink: ConfigurationSink, signal: AbortSignal): Promise<string> {
    return this.start(req, () => sink, signal);
  }

  /**
   * Subscribes the app: each change is POSTed to `/configuration/<store>/<key>`, as Dapr's HTTP API
   * does. Fails with ERR_APP_CHANNEL_NIL when daprd has no app channel.
   */
  async subscribeApp(req: SubscribeConfigurationMessage, signal: AbortSignal): Promise<string> {
    return this.start(
      req,
      () => {
        const channel = this.options.app?.();
        if (!channel) throw configurationErrors.noAppChannel();
        return appConfigurationSink({ storeName: req.storeName, channel, logger: this.logger, signal: this.closing.signal });
      },
      signal,
    );
  }

  /**
   * Ends subscription `id` of store `storeName`, whichever transport opened it. An id the store
   * has no subscription for is `{ok: false}` (Dapr answers it so); a store failure throws
   * ERR_CONFIGURATION_UNSUBSCRIBE.
   */
  async unsubscribe(req: UnsubscribeConfigurationMessage, signal: AbortSignal): Promise<UnsubscribeConfigurationResult> {
    this.store(req.storeName);
    const entry = this.active.get(req.id);
    if (!entry || entry.storeName !== req.storeName) return { ok: false, message: configurationErrors.unsubscribe(req.storeName, req.id, 'subscription does not exist').message };
    this.active.delete(req.id);
    try {
      await entry.store.unsubscribe(req.id, signal);
    } catch (err) {
      if (!isSubscriptionNotFoundError(err)) {
        this.active.set(req.id, entry);
        throw passThrough(err) ?? configurationErrors.unsubscribe(req.storeName, req.id, messageOf(err), err);
      }
    }
    entry.sink.ended();
    return { ok: true };
  }

  /** The transport that opened `id` went away (a cancelled stream): stop it without telling the sink. */
  async release(id: string): Promise<void> {
    const entry = this.active.get(id);
    if (!entry) return;
    this.active.delete(id);
    await entry.store.unsubscribe(id, AbortSignal.timeout(5000)).catch((err: unknown) => {
      if (!isSubscriptionNotFoundError(err)) this.logger.warn('configuration: stopping a subscription failed', { subscription: id, error: messageOf(err) });
    });
  }

  /** Number of active subscriptions, for metrics and tests. */
  get subscriptionCount(): number {
    return this.active.size;
  }

  /** Ends every subscription (shutdown, before the stores close), telling each sink. */
  async close(): Promise<void> {
    this.closing.abort();
    const entries = [...this.active];
    this.active.clear();
    for (const [id, entry] of entries) {
      await entry.store.unsubscribe(id, AbortSignal.timeout(5000)).catch(() => undefined);
      entry.sink.ended();
    }
  }

  private async start(req: SubscribeConfigurationMessage, sinkFor: () => ConfigurationSink, signal: AbortSignal): Promise<string> {
    const store = this.store(req.storeName);
    const sink = sinkFor();
    let id: string;
    try {
      id = await store.subscribe({ keys: req.keys, metadata: req.metadata }, (event) => sink.deliver(event), signal);
    } catch (err) {
      throw passThrough(err) ?? configurationErrors.subscribe(req.storeName, req.keys, messageOf(err), err);
    }
    this.active.set(id, { storeName: req.storeName, store, sink });
    return id;
  }

  /** Checks in Dapr's order: any store at all (500), then this one (400). */
  private store(name: string): ConfigurationStore {
    if (!this.options.stores.any()) throw configurationErrors.notConfigured();
    const store = this.options.stores.get(name);
    if (!store) throw configurationErrors.storeNotFound(name);
    return store;
  }
}

/** A DaprApiError thrown below (e.g. by a wrapping resiliency layer) is already mapped. */
function passThrough(err: unknown): DaprApiError | undefined {
  return isDaprApiError(err) ? err : undefined;
}
