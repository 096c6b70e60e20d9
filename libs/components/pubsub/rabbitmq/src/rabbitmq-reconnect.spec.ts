import { waitFor } from '@dapr-ts/conformance';
import { deliverAcrossCut, startCuttableProxy, uniqueName, type CuttableProxy } from '@dapr-ts/testing';
import { RabbitMQPubSub } from './rabbitmq-pubsub';
import { openTestBroker, testRabbitMQUrl, type TestBroker } from './rabbitmq-test-env';

const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 8000, intervalMs: 20 });

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
      proxy = await startCuttableProxy(testRabbitMQUrl(), 5672);
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
      expect(await deliverAcrossCut({ cut, direct, proxy, topic, until })).toEqual(['before', 'during', 'after']);
    }, 20_000);
  });
});
