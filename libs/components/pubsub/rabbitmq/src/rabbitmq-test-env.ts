import { connect, type Channel, type ChannelModel } from 'amqplib';

/** The RabbitMQ the specs use: `RABBITMQ_URL`, else the local default. Test support only; not exported from the package. */
export function testRabbitMQUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672';
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
