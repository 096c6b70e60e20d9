import { randomBytes } from 'node:crypto';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { isBindingRequestError, type BindingEvent } from '@dapr-ts/components-bindings';
import { waitFor } from '@dapr-ts/conformance';

/** Polls `check` until it holds, failing after a generous deadline. */
const eventually = (check: () => boolean | Promise<boolean>, what = 'the expected state'): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 20_000, intervalMs: 50 });
import { RabbitMQBinding } from './rabbitmq-binding';

/** The broker the specs use: RABBITMQ_URL, else the local default. */
const brokerUrl = process.env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672';

jest.setTimeout(60_000);

describe('RabbitMQBinding', () => {
  const signal = new AbortController().signal;
  let direct: ChannelModel;
  let channel: Channel;
  const bindings: RabbitMQBinding[] = [];
  const queues: string[] = [];

  beforeAll(async () => {
    try {
      direct = await connect(brokerUrl, { timeout: 5000 });
    } catch (err) {
      throw new Error(`these tests need RabbitMQ at ${brokerUrl} (set RABBITMQ_URL): ${String(err)}`);
    }
    direct.on('error', () => undefined);
    channel = await direct.createChannel();
  });

  afterEach(async () => {
    for (const binding of bindings.splice(0)) await binding.close();
  });

  afterAll(async () => {
    for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
    await direct.close();
  });

  function queueName(): string {
    const name = `bindings-rabbitmq-${process.pid}-${randomBytes(4).toString('hex')}`;
    queues.push(name);
    return name;
  }

  async function started(properties: Record<string, string>, host = brokerUrl): Promise<RabbitMQBinding> {
    const binding = new RabbitMQBinding();
    bindings.push(binding);
    await binding.init({ name: 'queue', properties: { host, ...properties } }, signal);
    return binding;
  }

  async function nextMessage(queue: string): Promise<GetMessage> {
    let message: GetMessage | false = false;
    await eventually(async () => {
      message = await channel.get(queue, { noAck: true });
      return message !== false;
    });
    return message as unknown as GetMessage;
  }

  it('offers create', async () => {
    expect((await started({ queueName: queueName() })).operations()).toEqual(['create']);
  });

  describe('create', () => {
    it('publishes the data to the queue with the component\'s content type and the request metadata as headers', async () => {
      const queue = queueName();
      const binding = await started({ queueName: queue });
      expect(await binding.invoke({ operation: 'create', data: Buffer.from('hello'), metadata: { traceId: 't1' } }, signal)).toEqual({});
      const message = await nextMessage(queue);
      expect(message.content.toString()).toBe('hello');
      expect(message.properties.contentType).toBe('text/plain');
      expect(message.properties.headers).toEqual({ traceId: 't1' });
      expect(message.properties.deliveryMode).toBe(1);
    });

    it('applies ttlInSeconds, priority and a durable queue\'s persistence per message', async () => {
      const queue = queueName();
      const binding = await started({ queueName: queue, durable: 'true', maxPriority: '5', contentType: 'application/json' });
      await binding.invoke({ operation: 'create', data: Buffer.from('{}'), metadata: { ttlInSeconds: '60', priority: '3' } }, signal);
      const message = await nextMessage(queue);
      expect(message.properties).toMatchObject({ expiration: '60000', priority: 3, deliveryMode: 2, contentType: 'application/json' });
    });

    it.each([
      [{ ttlInSeconds: 'soon' }, 'metadata "ttlInSeconds" must be a whole number of seconds, got "soon"'],
      [{ priority: '256' }, 'metadata "priority" must be a whole number from 0 to 255, got "256"'],
    ])('refuses request metadata %j as the caller\'s mistake', async (metadata, message) => {
      const binding = await started({ queueName: queueName() });
      const err: unknown = await binding.invoke({ operation: 'create', data: Buffer.from('x'), metadata }, signal).catch((e: unknown) => e);
      expect(isBindingRequestError(err)).toBe(true);
      expect((err as Error).message).toBe(message);
    });
  });

  describe('.init()', () => {
    it('declares the queue with the component\'s settings', async () => {
      const queue = queueName();
      await started({ queueName: queue, durable: 'true', ttlInSeconds: '30', maxPriority: '4' });
      // Re-declaring with the same arguments succeeds only when they match what init declared.
      await expect(channel.assertQueue(queue, { durable: true, autoDelete: false, exclusive: false, arguments: { 'x-message-ttl': 30000, 'x-max-priority': 4 } })).resolves.toMatchObject({ queue });
    });

    it('fails naming RabbitMQ and the masked URL when the broker is unreachable', async () => {
      await expect(new RabbitMQBinding().init({ name: 'queue', properties: { queueName: 'q', host: 'amqp://guest:secret@127.0.0.1:1' } }, signal)).rejects.toThrow(/^bindings\.rabbitmq: cannot connect to RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1: /);
    });
  });

  describe('.read()', () => {
    it('hands a message published to the queue to the handler and acks it after success', async () => {
      const queue = queueName();
      const binding = await started({ queueName: queue });
      const events: BindingEvent[] = [];
      await binding.read(async (event) => {
        events.push(event);
        return undefined;
      }, new AbortController().signal);
      channel.sendToQueue(queue, Buffer.from('from the broker'), { contentType: 'text/plain', headers: { source: 'test' } });
      await eventually(() => events.length === 1);
      expect(Buffer.from(events[0]?.data ?? []).toString()).toBe('from the broker');
      expect(events[0]?.metadata).toEqual({ source: 'test' });
      expect(events[0]?.contentType).toBe('text/plain');
      await binding.close();
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    });

    it('requeues a message the handler rejected, so it arrives again', async () => {
      const queue = queueName();
      const binding = await started({ queueName: queue, prefetchCount: '1' });
      let calls = 0;
      await binding.read(async () => {
        calls++;
        if (calls === 1) throw new Error('app failed');
        return undefined;
      }, new AbortController().signal);
      channel.sendToQueue(queue, Buffer.from('again'));
      await eventually(() => calls === 2);
      await binding.close();
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    });

    it('stops handing messages over once its signal aborts', async () => {
      const queue = queueName();
      const binding = await started({ queueName: queue });
      const stop = new AbortController();
      let calls = 0;
      await binding.read(async () => {
        calls++;
        return undefined;
      }, stop.signal);
      stop.abort();
      await eventually(async () => (await channel.checkQueue(queue)).consumerCount === 0);
      channel.sendToQueue(queue, Buffer.from('later'));
      await eventually(async () => (await channel.checkQueue(queue)).messageCount === 1);
      expect(calls).toBe(0);
    });
  });

  describe('reconnecting', () => {
    let proxy: Server;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      const target = new URL(brokerUrl);
      proxy = createServer((client) => {
        const upstream = tcpConnect(Number(target.port || 5672), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });

    it('re-opens a lost connection, then publishes and reads again', async () => {
      const queue = queueName();
      const address = proxy.address();
      if (address === null || typeof address === 'string') throw new Error('proxy has no port');
      const viaProxy = new URL(brokerUrl);
      viaProxy.host = `127.0.0.1:${address.port}`;
      const binding = await started({ queueName: queue, reconnectWaitInSeconds: '0' }, viaProxy.href);
      const received: string[] = [];
      await binding.read(async (event) => {
        received.push(Buffer.from(event.data).toString());
        return undefined;
      }, new AbortController().signal);
      for (const socket of sockets) socket.destroy();
      await eventually(async () => {
        try {
          await binding.invoke({ operation: 'create', data: Buffer.from('after'), metadata: {} }, signal);
          return true;
        } catch {
          return false;
        }
      });
      await eventually(() => received.includes('after'));
    });
  });
});
