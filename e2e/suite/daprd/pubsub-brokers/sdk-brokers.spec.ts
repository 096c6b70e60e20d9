import { randomUUID } from 'node:crypto';
import type { DaprClient } from '@dapr/dapr';
import { tempDir } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { Protocols, appWithSidecar, clientFor } from '../../../support/sidecar-pair';
import { discardMqttSession, jetStreamComponent, mqttComponent, openNats, requireMqttBroker } from './broker-resources';

const run = randomUUID().slice(0, 8);
const topicOf = (broker: string, protocol: string): string => `orders-${broker}-${run}-${protocol.toLowerCase()}`;
const appIdOf = (broker: string, protocol: string): string => `brokers-${broker}-${protocol.toLowerCase()}-${run}`;

/** Per broker: what exists before the sidecars start (reachability, the stream), and the component file. */
interface Broker {
  name: string;
  /** Prepares the broker for `topics`; returns the cleanup. */
  prepare(topics: string[]): Promise<() => Promise<void>>;
  component(): string;
}

const streamName = `E2E_BROKERS_${run}`;

const Brokers: [string, Broker][] = [
  [
    'pubsub.mqtt3 (Mosquitto)',
    {
      name: 'mqtt3',
      prepare: async () => {
        await requireMqttBroker();
        // The durable sessions (one per app and topic) are ended afterwards.
        return async () => {
          for (const [protocol] of Protocols) await discardMqttSession(appIdOf('mqtt3', protocol), topicOf('mqtt3', protocol));
        };
      },
      component: () => mqttComponent(),
    },
  ],
  [
    'pubsub.jetstream (NATS)',
    {
      name: 'jetstream',
      prepare: async (topics) => {
        // As Dapr's docs require: the stream exists before the sidecar subscribes.
        const nats = await openNats();
        await nats.addStream(streamName, topics);
        return () => nats.close();
      },
      component: () => jetStreamComponent(streamName),
    },
  ],
];

describe.each(Brokers)('%s with the official SDK', (_label, broker) => {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    cleanup = await broker.prepare(Protocols.map(([protocol]) => topicOf(broker.name, protocol)));
  });
  afterAll(async () => {
    await cleanup?.();
  });

  describe.each(Protocols)('over %s', (name, protocol) => {
    let app: Awaited<ReturnType<typeof appWithSidecar>>;
    let client: DaprClient;
    const orders: unknown[] = [];
    const topic = topicOf(broker.name, name);

    beforeAll(async () => {
      app = await appWithSidecar({ appId: appIdOf(broker.name, name), protocol, registryDir: tempDir('dapr-registry-'), files: { 'pubsub.yaml': broker.component() } });
      await app.server.pubsub.subscribe('pubsub', topic, async (data) => {
        orders.push(data);
      });
      await app.start();
      client = clientFor(app.daprd, protocol);
      await client.start();
    }, 60_000);
    afterAll(async () => {
      await client?.stop();
      await app?.stop();
    });

    it('lists the component in the metadata API', async () => {
      const metadata = await client.metadata.get();
      expect(metadata.components.filter((c) => c.name === 'pubsub').map((c) => [c.type, c.version])).toEqual([[`pubsub.${broker.name}`, 'v1']]);
    });

    it('delivers every published message to the subscriber', async () => {
      for (let n = 1; n <= 5; n++) await client.pubsub.publish('pubsub', topic, { n });
      await eventually('five messages', () => orders.length >= 5, 30_000);
      expect((orders as { n: number }[]).map((o) => o.n).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('delivers every entry of a bulk publish', async () => {
      const response = await client.pubsub.publishBulk('pubsub', topic, [{ bulk: 1 }, { bulk: 2 }, { bulk: 3 }]);
      expect(response.failedMessages).toEqual([]);
      await eventually('three bulk entries', () => (orders as { bulk?: number }[]).filter((o) => o.bulk !== undefined).length >= 3, 30_000);
      expect((orders as { bulk?: number }[]).flatMap((o) => (o.bulk === undefined ? [] : [o.bulk])).sort()).toEqual([1, 2, 3]);
    });
  });
});
