import { connectAsync, type MqttClient } from 'mqtt';

/** The broker the specs use: `MQTT_URL`, else the local Mosquitto. Test support only; not exported from the package. */
export function testMqttUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['MQTT_URL']?.trim() || 'tcp://127.0.0.1:1883';
}

/** `testMqttUrl()` in the form mqtt.js dials (tcp → mqtt). */
function dialUrl(): string {
  return testMqttUrl().replace(/^tcp:/, 'mqtt:').replace(/^ssl:/, 'mqtts:');
}

/** A plain client on the test broker, for tapping topics; fails naming the broker when unreachable. */
export async function openTestMqtt(clientId: string, clean = true): Promise<MqttClient> {
  try {
    return await connectAsync(dialUrl(), { clientId, clean, reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4 }, false);
  } catch (err) {
    throw new Error(`these tests need an MQTT broker (Mosquitto) at ${testMqttUrl()} (set MQTT_URL): ${String(err)}`);
  }
}

/** Ends the durable session `clientId` left on the broker (a clean connect discards it). */
export async function discardSession(clientId: string): Promise<void> {
  const client = await openTestMqtt(clientId, true);
  await client.endAsync();
}
