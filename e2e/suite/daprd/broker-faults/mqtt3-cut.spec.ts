import { MqttUrl, componentYaml, discardMqttSession } from '../pubsub-brokers/broker-resources';
import { describeBrokerCut } from './broker-cut-scenario';

const url = new URL(MqttUrl);

// MQTT 3: QoS 1 with a durable session (cleanSession false), as Dapr's setup-mqtt3 page; the
// session is ended afterwards so the shared Mosquitto keeps nothing.
describeBrokerCut({
  label: 'pubsub.mqtt3',
  host: url.hostname,
  port: Number(url.port || 1883),
  prepare: async (topic) => (appId) => discardMqttSession(appId, topic),
  component: (proxyPort) => componentYaml('pubsub', 'pubsub.mqtt3', { url: `tcp://127.0.0.1:${proxyPort}`, retain: 'false', cleanSession: 'false', qos: '1' }),
});
