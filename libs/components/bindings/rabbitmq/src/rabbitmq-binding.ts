import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BindingOperation, BindingRequestError, type BindingEventHandler, type InputBinding, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import type { ComponentMetadata } from '@dapr-ts/components-common';
import { errorMessage } from '@dapr-ts/kit';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { connectAmqp } from './amqp-connect';
import { amqpPublishOptions } from './amqp-publish-options';
import { parseRabbitMQBindingMetadata, type RabbitMQBindingMetadata } from './rabbitmq-binding-metadata';

/** Options for {@link RabbitMQBinding}. */
export interface RabbitMQBindingOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** One live connection: a confirm channel for publishing and, while reading, a consumer channel. */
interface Session {
  connection: ChannelModel;
  publisher: ConfirmChannel;
  consumer?: { channel: Channel; consumerTag: string };
}

interface Reading {
  handler: BindingEventHandler;
  signal: AbortSignal;
}

const Operations: readonly string[] = [BindingOperation.Create];

/**
 * `bindings.rabbitmq`: one queue, declared at init with the component's durability, auto-delete,
 * exclusivity, TTL and priority settings (contrib bindings/rabbitmq).
 *
 * - Output `create` publishes the request data to the queue through the default exchange and
 *   resolves once the broker confirmed it; request `ttlInSeconds` and `priority` apply per message.
 * - Input delivers each message to the app and acks it only after the app accepted it; otherwise
 *   it is nacked and requeued, so the broker delivers it again (at least once).
 *
 * A lost connection is re-opened every `reconnectWaitInSeconds` until it succeeds; the queue is
 * declared again and reading resumes. Publishes fail while disconnected.
 */
export class RabbitMQBinding implements InputBinding, OutputBinding {
  private readonly logger: Logger;
  private md: RabbitMQBindingMetadata | undefined;
  private session: Session | undefined;
  private reading: Reading | undefined;
  private lifetime = new AbortController();
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(options: RabbitMQBindingOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Decodes metadata (MetadataError naming the field), connects and declares the queue; fails naming RabbitMQ. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    const md = parseRabbitMQBindingMetadata(metadata.properties);
    await this.close();
    this.md = md;
    this.lifetime = new AbortController();
    this.session = await this.open(md, signal);
    this.logger.info('bindings.rabbitmq: connected', { address: md.target, queue: md.queueName });
  }

  operations(): readonly string[] {
    return Operations;
  }

  async invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    signal.throwIfAborted();
    if (request.operation !== BindingOperation.Create) throw new BindingRequestError(`invalid operation type: ${request.operation}`);
    const md = this.metadata();
    const options = amqpPublishOptions(md, request.metadata);
    const session = this.session;
    if (!session) throw new Error(`bindings.rabbitmq: not connected to RabbitMQ at ${md.target} (reconnecting)`);
    const content = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
    await new Promise<void>((resolve, reject) => {
      session.publisher.sendToQueue(md.queueName, content, options, (err: unknown) => {
        if (err) reject(new Error(`bindings.rabbitmq: RabbitMQ did not confirm the message to queue "${md.queueName}": ${errorMessage(err)}`, { cause: err }));
        else resolve();
      });
    });
    return {};
  }

  /** Starts consuming the queue; stops when `signal` aborts (messages in flight still finish). */
  async read(handler: BindingEventHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.metadata();
    const reading: Reading = { handler, signal };
    this.reading = reading;
    signal.addEventListener('abort', () => void this.stopReading(reading), { once: true });
    if (this.session) await this.startConsumer(this.session);
  }

  /** Stops reading and reconnecting, and closes the connection. Idempotent; a later `init` reconnects. */
  async close(): Promise<void> {
    this.lifetime.abort();
    clearTimeout(this.reconnectTimer);
    this.reading = undefined;
    const session = this.session;
    this.session = undefined;
    if (session) await session.connection.close().catch(() => undefined);
  }

  private metadata(): RabbitMQBindingMetadata {
    if (!this.md) throw new Error('bindings.rabbitmq: not initialized');
    return this.md;
  }

  /** Connects, declares the queue and, when reading, starts the consumer; watches for the connection's loss. */
  private async open(md: RabbitMQBindingMetadata, signal: AbortSignal): Promise<Session> {
    const connection = await connectAmqp(md, signal);
    connection.on('error', (err: unknown) => this.logger.warn('bindings.rabbitmq: connection error', { address: md.target, error: errorMessage(err) }));
    let session: Session;
    try {
      const publisher = await connection.createConfirmChannel();
      this.watchChannel(connection, publisher);
      await publisher.assertQueue(md.queueName, {
        durable: md.durable,
        autoDelete: md.deleteWhenUnused,
        exclusive: md.exclusive,
        arguments: {
          ...(md.ttlInSeconds === undefined ? {} : { 'x-message-ttl': md.ttlInSeconds * 1000 }),
          ...(md.maxPriority === undefined ? {} : { 'x-max-priority': md.maxPriority }),
        },
      });
      session = { connection, publisher };
      if (this.reading) await this.startConsumer(session);
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw new Error(`bindings.rabbitmq: cannot declare queue "${md.queueName}" at ${md.target}: ${errorMessage(err)}`, { cause: err });
    }
    connection.once('close', () => this.lost(session));
    return session;
  }

  /** A channel the broker closed (an error on it) takes its connection down, so that reconnecting restores both. */
  private watchChannel(connection: ChannelModel, channel: Channel): void {
    channel.on('error', (err: unknown) => this.logger.warn('bindings.rabbitmq: channel error', { error: errorMessage(err) }));
    channel.once('close', () => {
      if (!this.lifetime.signal.aborted) void connection.close().catch(() => undefined);
    });
  }

  private lost(session: Session): void {
    if (this.session !== session || this.lifetime.signal.aborted) return;
    this.session = undefined;
    this.logger.warn('bindings.rabbitmq: connection lost, reconnecting', { address: this.md?.target });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const md = this.metadata();
    const lifetime = this.lifetime;
    this.reconnectTimer = setTimeout(() => {
      this.open(md, lifetime.signal).then(
        (session) => {
          if (lifetime.signal.aborted) return void session.connection.close().catch(() => undefined);
          this.session = session;
          this.logger.info('bindings.rabbitmq: reconnected', { address: md.target });
        },
        (err: unknown) => {
          if (lifetime.signal.aborted) return;
          this.logger.warn('bindings.rabbitmq: reconnect failed, retrying', { address: md.target, error: errorMessage(err) });
          this.scheduleReconnect();
        },
      );
    }, md.reconnectWaitMs);
  }

  private async startConsumer(session: Session): Promise<void> {
    if (session.consumer) return;
    const md = this.metadata();
    const channel = await session.connection.createChannel();
    this.watchChannel(session.connection, channel);
    if (md.prefetchCount > 0) await channel.prefetch(md.prefetchCount);
    const { consumerTag } = await channel.consume(md.queueName, (message) => {
      if (message) void this.deliver(channel, message);
    });
    session.consumer = { channel, consumerTag };
  }

  private async stopReading(reading: Reading): Promise<void> {
    if (this.reading !== reading) return;
    this.reading = undefined;
    const session = this.session;
    const consumer = session?.consumer;
    if (!session || !consumer) return;
    session.consumer = undefined;
    // Closing the channel would drop the acks of messages still in flight: cancel the consumer instead.
    await consumer.channel.cancel(consumer.consumerTag).catch(() => undefined);
  }

  /** Hands one message to the app: ack after its success, nack with requeue otherwise. */
  private async deliver(channel: Channel, message: ConsumeMessage): Promise<void> {
    const reading = this.reading;
    let accepted = false;
    if (reading) {
      try {
        const contentType = message.properties.contentType as string | undefined;
        await reading.handler({ data: message.content, metadata: headersOf(message), ...(contentType ? { contentType } : {}) }, reading.signal);
        accepted = true;
      } catch (err) {
        this.logger.warn('bindings.rabbitmq: app did not accept the message, requeueing', { queue: this.md?.queueName, error: errorMessage(err) });
      }
    }
    try {
      if (accepted) channel.ack(message);
      else channel.nack(message, false, true);
    } catch {
      // The channel closed meanwhile: the broker redelivers the unacked message anyway.
    }
  }
}

/** Message headers as strings, for the event's metadata. */
function headersOf(message: ConsumeMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((message.properties.headers ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[key] = Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
