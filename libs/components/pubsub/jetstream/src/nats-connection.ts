import { errorMessage, raceSignal } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { connect, type ConnectionOptions, type JetStreamManager, type NatsConnection } from 'nats';
import type { JetStreamPubSubMetadata } from './jetstream-pubsub-metadata';

/** Time allowed for the first connect (TCP, TLS and the INFO/CONNECT handshake). */
const ConnectTimeoutMs = 10_000;
/** Pause between reconnect attempts after the connection was lost (nats.js reconnects by itself, forever). */
const ReconnectWaitMs = 1000;

/** The `code` of a NatsError (`503`, `CONNECTION_REFUSED`...), or undefined. */
export function natsErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** nats.js options for the component's metadata. */
export function natsConnectionOptions(settings: JetStreamPubSubMetadata): ConnectionOptions {
  return {
    servers: settings.servers,
    name: settings.name,
    timeout: ConnectTimeoutMs,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: ReconnectWaitMs,
    ...(settings.tls ? { tls: {} } : {}),
    ...(settings.user === undefined ? {} : { user: settings.user }),
    ...(settings.pass === undefined ? {} : { pass: settings.pass }),
    ...(settings.token === undefined ? {} : { token: settings.token }),
  };
}

/**
 * Connects and checks that the account has JetStream (in `domain` / under `apiPrefix` when set).
 * Rejects naming NATS and the target (secrets masked) when either fails or `signal` aborts.
 * Later disconnects are logged; nats.js reconnects and resumes subscriptions by itself.
 */
export async function connectNats(settings: JetStreamPubSubMetadata, logger: Logger, signal: AbortSignal): Promise<{ connection: NatsConnection; manager: JetStreamManager }> {
  signal.throwIfAborted();
  const opening = connect(natsConnectionOptions(settings));
  let connection: NatsConnection;
  try {
    connection = await raceSignal(opening, signal);
  } catch (err) {
    void opening.then((late) => late.close()).catch(() => undefined);
    if (signal.aborted) throw signal.reason;
    throw new Error(`pubsub.jetstream: cannot connect to NATS at ${settings.target}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    const manager = await raceSignal(connection.jetstreamManager(jetStreamOptions(settings)), signal);
    await raceSignal(manager.getAccountInfo(), signal);
    void watchStatus(connection, settings, logger);
    return { connection, manager };
  } catch (err) {
    await connection.close().catch(() => undefined);
    if (signal.aborted) throw signal.reason;
    throw new Error(`pubsub.jetstream: JetStream is not available on NATS at ${settings.target}${settings.domain === undefined ? '' : ` (domain ${settings.domain})`}: ${errorMessage(err)}`, { cause: err });
  }
}

/** `domain` / `apiPrefix` for nats.js's JetStream contexts. */
export function jetStreamOptions(settings: JetStreamPubSubMetadata): { domain?: string; apiPrefix?: string } {
  return {
    ...(settings.domain === undefined ? {} : { domain: settings.domain }),
    ...(settings.apiPrefix === undefined ? {} : { apiPrefix: settings.apiPrefix }),
  };
}

async function watchStatus(connection: NatsConnection, settings: JetStreamPubSubMetadata, logger: Logger): Promise<void> {
  for await (const status of connection.status()) {
    if (status.type === 'disconnect') logger.warn('jetstream: connection lost; reconnecting', { natsURL: settings.target });
    else if (status.type === 'reconnect') logger.info('jetstream: reconnected', { natsURL: settings.target });
  }
}
