import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { runBindingConformance } from '@dapr-ts/conformance';
import { Mqtt3Binding } from './mqtt3-binding';

jest.setTimeout(60_000);

/** The broker the specs use: MQTT_URL, else the local Mosquitto. */
const brokerUrl = process.env['MQTT_URL']?.trim() || 'tcp://127.0.0.1:1883';
const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
const topic = `bindings-mqtt3-conformance/${id}`;

/** Publishes the events the input tests expect. */
let direct: MqttClient | undefined;

beforeAll(async () => {
  try {
    direct = await connectAsync(brokerUrl.replace(/^tcp:/, 'mqtt:'), { clientId: `bindings-mqtt3-conformance-${id}`, reconnectPeriod: 0, connectTimeout: 5000 });
  } catch (err) {
    throw new Error(`these tests need an MQTT broker at ${brokerUrl} (set MQTT_URL): ${String(err)}`);
  }
});

afterAll(async () => {
  await direct?.endAsync();
});

runBindingConformance({
  name: 'bindings.mqtt3',
  create: () => new Mqtt3Binding(),
  // QoS 1 without cleanSession: a message the app failed stays unacked and comes back.
  metadata: { url: brokerUrl, topic, consumerID: `conf-${id}`, qos: '1' },
  operations: ['create'],
  config: {
    request: async (_operation, key) => ({ data: key }),
    input: {
      // The binding subscribed before read() resolved, so the broker routes this to it.
      produce: async (data) => {
        if (!direct) throw new Error(`no connection to the MQTT broker at ${brokerUrl}`);
        await direct.publishAsync(topic, Buffer.from(data), { qos: 1 });
      },
      redelivers: true,
    },
  },
});
