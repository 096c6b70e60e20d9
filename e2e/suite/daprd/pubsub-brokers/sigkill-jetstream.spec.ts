import { describeSigkillRedelivery } from './sigkill-scenario';
import { jetStreamComponent, openNats } from './broker-resources';

// JetStream: the durable consumer keeps the unacked messages; after the first ack wait (backOff's
// first value, 50 ms) they go to the group's next subscriber, the restarted sidecar.
describeSigkillRedelivery({
  label: 'pubsub.jetstream',
  prepare: async (topic) => {
    const nats = await openNats();
    await nats.addStream(`E2E_SIGKILL_${topic.replace(/[^A-Za-z0-9_-]/g, '_')}`, [topic]);
    return () => nats.close();
  },
  component: (topic) => jetStreamComponent(`E2E_SIGKILL_${topic.replace(/[^A-Za-z0-9_-]/g, '_')}`),
});
