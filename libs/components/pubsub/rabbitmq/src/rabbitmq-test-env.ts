import { randomBytes } from 'node:crypto';
import { connect as dial, createServer, type Socket } from 'node:net';
import { connect, type Channel, type ChannelModel } from 'amqplib';

/** The RabbitMQ the specs use: `RABBITMQ_URL`, else the local default. Test support only; not exported from the package. */
export function testRabbitMQUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672';
}

/** A name no other run produces, for topics and consumer groups: `<label>-<pid>-<random>`. */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A plain connection and channel on the test broker, for inspecting and cleaning up. */
export interface TestBroker {
  connection: ChannelModel;
  /** Re-opened by {@link TestBroker.channel} when a failed check (404) closed it. */
  channel(): Promise<Channel>;
  /** Messages ready in `queue`, or undefined when it does not exist. */
  readyCount(queue: string): Promise<number | undefined>;
  /** Deletes queues and exchanges, ignoring those that do not exist. */
  remove(names: { queues?: string[]; exchanges?: string[] }): Promise<void>;
  close(): Promise<void>;
}

/** Connects to the test broker; fails naming RabbitMQ and the URL when it is unreachable. */
export async function openTestBroker(): Promise<TestBroker> {
  const url = testRabbitMQUrl();
  let connection: ChannelModel;
  try {
    connection = await connect(url, { timeout: 5000 });
  } catch (err) {
    throw new Error(`these tests need RabbitMQ at ${url} (set RABBITMQ_URL): ${String(err)}`);
  }
  connection.on('error', () => undefined);
  let current: Promise<Channel> | undefined;
  const channel = (): Promise<Channel> => {
    if (current) return current;
    const opening = connection.createChannel().then((created) => {
      created.on('error', () => undefined);
      created.once('close', () => {
        if (current === opening) current = undefined;
      });
      return created;
    });
    current = opening;
    return opening;
  };
  return {
    connection,
    channel,
    readyCount: async (queue) => {
      try {
        return (await (await channel()).checkQueue(queue)).messageCount;
      } catch {
        return undefined;
      }
    },
    remove: async ({ queues = [], exchanges = [] }) => {
      for (const queue of queues) await (await channel()).deleteQueue(queue).catch(() => undefined);
      for (const exchange of exchanges) await (await channel()).deleteExchange(exchange).catch(() => undefined);
    },
    close: () => connection.close().catch(() => undefined),
  };
}

/** A loopback TCP proxy to the test broker whose connections a test can cut, to simulate a network failure. */
export interface CuttableProxy {
  /** `RABBITMQ_URL` with host and port replaced by the proxy's. */
  url: string;
  /** Destroys every proxied connection (new ones are still accepted). */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a {@link CuttableProxy} on 127.0.0.1, port 0. */
export async function startCuttableProxy(): Promise<CuttableProxy> {
  const target = new URL(testRabbitMQUrl());
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = dial(Number(target.port || 5672), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = new URL(target.href);
  url.hostname = '127.0.0.1';
  url.port = String(typeof address === 'object' && address ? address.port : 0);
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: url.href,
    cut,
    close: () => {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
