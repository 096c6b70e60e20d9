import { connect } from 'amqplib';
import { componentYaml } from '../pubsub-brokers/broker-resources';
import { describeBrokerCut } from './broker-cut-scenario';

const url = new URL(process.env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672');

// RabbitMQ: a fanout exchange per topic and a durable queue per consumer group (`<appId>-<topic>`),
// both removed afterwards. `deletedWhenUnused: false` is what makes the queue outlive the cut: with
// Dapr's default (true, kept for compatibility: a queue or exchange declared by Go daprd with other
// flags would make our declare fail) the broker deletes the queue when the subscriber's connection
// drops, and messages the publisher gets 204 for before the subscriber re-declares it are routed
// nowhere. The README tells users to set it for durability.
describeBrokerCut({
  label: 'pubsub.rabbitmq',
  host: url.hostname,
  port: Number(url.port || 5672),
  prepare: async (topic) => async (appId) => {
    const connection = await connect(url.href);
    const channel = await connection.createChannel();
    await channel.deleteQueue(`${appId}-${topic}`);
    await channel.deleteExchange(topic);
    await connection.close();
  },
  component: (proxyPort) => {
    const viaProxy = new URL(url.href);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxyPort);
    return componentYaml('pubsub', 'pubsub.rabbitmq', { connectionString: viaProxy.href, durable: 'true', deletedWhenUnused: 'false', deliveryMode: '2', reconnectWait: '1s' });
  },
});
