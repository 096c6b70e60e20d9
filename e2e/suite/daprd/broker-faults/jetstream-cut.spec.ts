import { NatsUrl, jetStreamComponent, openNats } from '../pubsub-brokers/broker-resources';
import { describeBrokerCut } from './broker-cut-scenario';

const url = new URL(NatsUrl);
const streamOf = (topic: string): string => `E2E_CUT_${topic.replace(/[^A-Za-z0-9_-]/g, '_')}`;

// JetStream: the stream is created on the real server (as `nats stream add` in Dapr's docs) and
// deleted afterwards; daprd reaches NATS only through the proxy.
describeBrokerCut({
  label: 'pubsub.jetstream',
  host: url.hostname,
  port: Number(url.port || 4222),
  prepare: async (topic) => {
    const nats = await openNats();
    await nats.addStream(streamOf(topic), [topic]);
    return () => nats.close();
  },
  component: (proxyPort, topic) => jetStreamComponent(streamOf(topic), { natsURL: `nats://127.0.0.1:${proxyPort}` }),
});
