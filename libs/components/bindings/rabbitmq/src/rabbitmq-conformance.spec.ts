import { randomBytes } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { runBindingConformance } from '@dapr-ts/conformance';
import { RabbitMQBinding } from './rabbitmq-binding';

jest.setTimeout(60_000);

/** The broker the specs use: RABBITMQ_URL, else the local default. */
const brokerUrl = process.env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672';
const queueName = `bindings-rabbitmq-conformance-${process.pid}-${randomBytes(4).toString('hex')}`;

/** Publishes the events the input tests expect, and deletes the queue afterwards. */
let direct: ChannelModel | undefined;
let channel: ConfirmChannel | undefined;

beforeAll(async () => {
  try {
    direct = await connect(brokerUrl, { timeout: 5000 });
  } catch (err) {
    throw new Error(`these tests need RabbitMQ at ${brokerUrl} (set RABBITMQ_URL): ${String(err)}`);
  }
  direct.on('error', () => undefined);
  channel = await direct.createConfirmChannel();
});

afterAll(async () => {
  await channel?.deleteQueue(queueName).catch(() => undefined);
  await direct?.close();
});

runBindingConformance({
  name: 'bindings.rabbitmq',
  create: () => new RabbitMQBinding(),
  // Kept when no one reads it, so what a test publishes while no reader is attached still arrives.
  metadata: { host: brokerUrl, queueName, durable: 'false', deleteWhenUnused: 'false' },
  operations: ['create'],
  config: {
    request: async (_operation, key) => ({ data: key }),
    input: {
      // The binding declared the queue at init, before any test produces.
      produce: async (data) => {
        if (!channel) throw new Error(`no channel to RabbitMQ at ${brokerUrl}`);
        channel.sendToQueue(queueName, Buffer.from(data));
        await channel.waitForConfirms();
      },
      redelivers: true,
    },
  },
});
