import { waitFor } from '@dapr-ts/conformance';
import { deliverAcrossCut, startCuttableProxy, uniqueName, type CuttableProxy } from '@dapr-ts/testing';
import { subscriptionClientId } from './client-ids';
import { Mqtt3PubSub } from './mqtt3-pubsub';
import { discardSession, testMqttUrl } from './mqtt-test-env';

const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 10_000, intervalMs: 20 });

describe('Mqtt3PubSub', () => {
  describe('connection loss', () => {
    const signal = new AbortController().signal;
    const topic = uniqueName('pubsub-mqtt3-reconnect');
    let proxy: CuttableProxy;
    const opened: Mqtt3PubSub[] = [];

    beforeAll(async () => {
      proxy = await startCuttableProxy(testMqttUrl(), 1883);
    });
    afterAll(async () => {
      for (const pubsub of opened) await pubsub.close();
      await proxy?.close();
      await discardSession(subscriptionClientId('g', topic));
    });

    async function open(url: string): Promise<Mqtt3PubSub> {
      const pubsub = new Mqtt3PubSub();
      await pubsub.init({ name: 'pubsub', properties: { url } }, signal);
      opened.push(pubsub);
      return pubsub;
    }

    it('resumes its durable sessions, receiving what was published meanwhile, and publishes again once reconnected', async () => {
      const [cut, direct] = [await open(proxy.url), await open(testMqttUrl())];
      expect(await deliverAcrossCut({ cut, direct, proxy, topic, until })).toEqual(['before', 'during', 'after']);
    }, 20_000);
  });
});
