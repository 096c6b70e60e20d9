import { errorMessage, raceSignal } from '@dapr-ts/kit';
import { connect, credentials, type ChannelModel } from 'amqplib';
import type { RabbitMQBindingMetadata } from './rabbitmq-binding-metadata';

/** Time allowed for the TCP/TLS connect and the AMQP handshake of one attempt. */
const ConnectTimeoutMs = 10_000;

/**
 * Opens one AMQP connection with the component's TLS and SASL settings. Rejects naming RabbitMQ
 * and the target (password masked) when it fails, or with the abort reason when `signal` aborts; a
 * connection that opens after an abort is closed at once.
 */
export async function connectAmqp(md: RabbitMQBindingMetadata, signal: AbortSignal): Promise<ChannelModel> {
  signal.throwIfAborted();
  const socketOptions: Record<string, unknown> = {
    timeout: ConnectTimeoutMs,
    // Without it, Nagle plus delayed ACKs hold each small confirm round trip for ~40 ms.
    noDelay: true,
    ...(md.caCert === undefined ? {} : { ca: [md.caCert] }),
    ...(md.clientCert === undefined ? {} : { cert: md.clientCert }),
    ...(md.clientKey === undefined ? {} : { key: md.clientKey }),
    ...(md.externalSasl ? { credentials: credentials.external() } : {}),
  };
  const opening = connect(md.url, socketOptions);
  try {
    return await raceSignal(opening, signal);
  } catch (err) {
    if (signal.aborted) {
      void opening.then((connection) => connection.close()).catch(() => undefined);
      throw signal.reason;
    }
    throw new Error(`bindings.rabbitmq: cannot connect to RabbitMQ at ${md.target}: ${errorMessage(err)}`, { cause: err });
  }
}
