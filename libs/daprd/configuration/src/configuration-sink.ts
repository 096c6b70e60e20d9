import type { ConfigurationUpdateEvent } from '@dapr-ts/components-configuration';

/** Where one subscription's updates go: a gRPC stream, or the app over its channel. */
export interface ConfigurationSink {
  /** Delivers one update; updates of a subscription arrive one at a time, in order. */
  deliver(event: ConfigurationUpdateEvent): Promise<void>;
  /** The subscription was ended elsewhere (an unsubscribe call, or shutdown); no update follows. */
  ended(): void;
}
