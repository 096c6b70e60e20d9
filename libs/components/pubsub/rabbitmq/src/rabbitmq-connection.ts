import { errorMessage, raceSignal } from '@dapr-ts/kit';
import { connect, credentials, type ChannelModel } from 'amqplib';
import type { RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';

/** Time allowed for the TCP/TLS connect and the AMQP handshake of one attempt. */
const ConnectTimeoutMs = 10_000;

/** The URL with `heartbeat` added unless the connection string sets one itself. */
function dialUrl(settings: RabbitMQPubSubMetadata): string {
  const url = new URL(settings.url);
  if (!url.searchParams.has('heartbeat')) url.searchParams.set('heartbeat', String(settings.heartbeatSeconds));
  return url.href;
}

/**
 * Opens one AMQP connection with the component's TLS, SASL and client-name settings. Rejects,
 * naming RabbitMQ and the target (password masked), when it fails or `signal` aborts; a connection
 * that opens after an abort is closed at once.
 */
export async function connectRabbitMQ(settings: RabbitMQPubSubMetadata, signal: AbortSignal): Promise<ChannelModel> {
  signal.throwIfAborted();
  const socketOptions: Record<string, unknown> = {
    timeout: ConnectTimeoutMs,
    // Without it, Nagle plus delayed ACKs hold each small confirm round trip for ~40 ms.
    noDelay: true,
    clientProperties: settings.clientName === undefined ? {} : { connection_name: settings.clientName },
    ...(settings.caCert === undefined ? {} : { ca: [settings.caCert] }),
    ...(settings.clientCert === undefined ? {} : { cert: settings.clientCert }),
    ...(settings.clientKey === undefined ? {} : { key: settings.clientKey }),
    ...(settings.saslExternal ? { credentials: credentials.external() } : {}),
  };
  const opening = connect(dialUrl(settings), socketOptions);
  try {
    return await raceSignal(opening, signal);
  } catch (err) {
    if (signal.aborted) {
      void opening.then((connection) => connection.close()).catch(() => undefined);
      throw signal.reason;
    }
    throw new Error(`pubsub.rabbitmq: cannot connect to RabbitMQ at ${settings.target}: ${errorMessage(err)}`, { cause: err });
  }
}
