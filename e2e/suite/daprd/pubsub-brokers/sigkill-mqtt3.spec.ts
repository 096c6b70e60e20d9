import { describeSigkillRedelivery } from './sigkill-scenario';
import { discardMqttSession, mqttComponent, requireMqttBroker } from './broker-resources';

// MQTT 3 with cleanSession false (Dapr's default): the broker keeps the subscriber's session, its
// unacknowledged messages and what is published while it is offline, and resends them when the
// restarted sidecar resumes the session (same app id, same client id).
describeSigkillRedelivery({
  label: 'pubsub.mqtt3',
  prepare: async (topic) => {
    await requireMqttBroker();
    return (subscriberAppId) => discardMqttSession(subscriberAppId, topic);
  },
  component: () => mqttComponent(),
});
