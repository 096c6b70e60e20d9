import { connect, type ChannelModel } from 'amqplib';
import { componentYaml } from '../pubsub-brokers/broker-resources';
import { describeSigkillRedelivery } from '../pubsub-brokers/sigkill-scenario';

/** The broker this test uses: RABBITMQ_URL, else the local default. */
const brokerUrl = process.env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672';

/** A connection to RabbitMQ, or an error naming it. */
async function openRabbitMQ(): Promise<ChannelModel> {
  try {
    return await connect(brokerUrl, { timeout: 5000 });
  } catch (err) {
    throw new Error(`this test needs RabbitMQ at ${brokerUrl} (set RABBITMQ_URL): ${String(err)}`);
  }
}

// RabbitMQ with `durable: "true"` and `deletedWhenUnused: "false"`: the queue of the consumer group
// (`<appId>-<topic>`) outlives the subscriber's connection, so the broker requeues the messages the
// killed sidecar held unacked and keeps those published while it was down; the restarted sidecar
// (same app id, same queue) consumes them all. With Dapr's default (auto-delete) the queue would
// vanish with the connection and the messages published meanwhile would be routed nowhere.
describeSigkillRedelivery({
  label: 'pubsub.rabbitmq',
  prepare: async (topic) => {
    await (await openRabbitMQ()).close();
    return async (subscriberAppId) => {
      const connection = await openRabbitMQ();
      const channel = await connection.createChannel();
      await channel.deleteQueue(`${subscriberAppId}-${topic}`);
      await channel.deleteExchange(topic);
      await connection.close();
    };
  },
  component: () => componentYaml('pubsub', 'pubsub.rabbitmq', { connectionString: brokerUrl, durable: 'true', deletedWhenUnused: 'false', deliveryMode: '2' }),
});
