import { isHttpStatus, type AppChannel } from '@dapr-ts/daprd-invocation';
import type { Logger } from '@dapr-ts/logger';
import type { ConfigurationSink } from './configuration-sink';
import { configurationItemsJson } from './configuration-json';

export interface AppConfigurationSinkOptions {
  storeName: string;
  channel: AppChannel;
  logger: Logger;
  /** Aborts deliveries still running when daprd shuts down. */
  signal: AbortSignal;
}

/** gRPC status OK, what a gRPC app's OnInvoke answers when it took the update. */
const GrpcOk = 0;

/**
 * Delivers a subscription's updates to the app as Dapr's HTTP API does (pkg/api/http
 * configurationEventHandler): for every changed key, `POST /configuration/<store>/<key>` with the
 * whole event `{"id", "items"}` as JSON. A failed delivery is logged and not retried.
 */
export function appConfigurationSink(options: AppConfigurationSinkOptions): ConfigurationSink {
  const { storeName, channel, logger, signal } = options;
  return {
    async deliver(event) {
      const data = Buffer.from(JSON.stringify({ id: event.id, items: configurationItemsJson(event.items) }));
      for (const key of Object.keys(event.items)) {
        const method = `configuration/${pathSegment(storeName)}/${pathSegment(key)}`;
        try {
          const response = await channel.invoke({ method, verb: 'POST', query: '', contentType: 'application/json', data, headers: {} }, signal);
          const ok = isHttpStatus(response.status) ? response.status >= 200 && response.status < 300 : response.status === GrpcOk;
          if (!ok) logger.error(`error sending configuration item to the app: status ${response.status}`, { store: storeName, key, subscription: event.id });
        } catch (err) {
          if (signal.aborted) return;
          logger.error(`error sending configuration item to the app: ${err instanceof Error ? err.message : String(err)}`, { store: storeName, key, subscription: event.id });
        }
      }
    },
    ended() {},
  };
}

/** Escapes only what a path segment cannot hold as it is (space, `?`, `#`, `%`…); `/` stays. */
function pathSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c));
}
