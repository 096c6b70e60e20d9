import type { Message } from '@dapr-ts/components-pubsub';
import { waitFor } from '@dapr-ts/conformance';
import { RabbitMQPubSub } from './rabbitmq-pubsub';
import { openTestBroker, startCuttableProxy, testRabbitMQUrl, uniqueName, type CuttableProxy, type TestBroker } from './rabbitmq-test-env';

const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 8000, intervalMs: 20 });
const text = (message: Message): string => Buffer.from(message.data).toString('utf8');

describe('RabbitMQPubSub', () => {
  describe('connection loss', () => {
    const signal = new AbortController().signal;
    // A durable group queue that outlives the lost consumer, so nothing published meanwhile is lost.
    const durable = { durable: 'true', deletedWhenUnused: 'false', reconnectWait: '100ms' };
    let broker: TestBroker;
    let proxy: CuttableProxy;
    const opened: RabbitMQPubSub[] = [];
    const topic = uniqueName('pubsub-rabbitmq-reconnect');

    beforeAll(async () => {
      broker = await openTestBroker();
      proxy = await startCuttableProxy();
    });
    afterAll(async () => {
      for (const pubsub of opened) await pubsub.close();
      await broker?.remove({ queues: [`g-${topic}`], exchanges: [topic] });
      await broker?.close();
      await proxy?.close();
    });

    async function open(connectionString: string): Promise<RabbitMQPubSub> {
      const pubsub = new RabbitMQPubSub();
      await pubsub.init({ name: 'pubsub', properties: { connectionString, ...durable } }, signal);
      opened.push(pubsub);
      return pubsub;
    }

    it('reconnects after reconnectWait and re-establishes its subscriptions', async () => {
      const [cut, direct] = [await open(proxy.url), await open(testRabbitMQUrl())];
      const received: string[] = [];
      await cut.subscribe({ topic, metadata: { consumerID: 'g' } }, async (message) => void received.push(text(message)), new AbortController().signal);
      await direct.publish({ topic, data: Buffer.from('before'), metadata: {} }, signal);
      await until('the first message', () => received.length === 1);

      proxy.cut();
      await direct.publish({ topic, data: Buffer.from('during'), metadata: {} }, signal);
      await until('the message published while disconnected', () => received.includes('during'));
      // The component's own publishing works again too, on the new connection.
      await until('a publish through the new connection', () =>
        cut.publish({ topic, data: Buffer.from('after'), metadata: {} }, signal).then(
          () => true,
          () => false,
        ),
      );
      await until('the last message', () => received.includes('after'));
      // At-least-once: an ack lost with the connection may bring a message twice.
      expect([...new Set(received)]).toEqual(['before', 'during', 'after']);
    }, 20_000);
  });
});
