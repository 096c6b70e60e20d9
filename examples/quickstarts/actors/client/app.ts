// The caller of Dapr's actors quickstart: talks to a SmokeDetectorActor through its own sidecar
// with an ActorProxyBuilder (the SDK turns each method call into an actor invocation), watches
// the actor's timer and reminder do their work, then stops them and exits.
import { ActorId, ActorProxyBuilder, DaprClient } from '@dapr/dapr';
import type { SmartDevice } from '../smart-device/smart-device';
import { SmokeDetectorActor } from '../smart-device/smoke-detector-actor';

const DeviceId = 'smoke-detector-1';
const Heartbeats = 3;
const WaitMs = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Both apps start at once: retry while the actor host or placement's tables are still coming up. */
async function whenReady<T>(call: () => Promise<T>, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(1000);
    }
  }
}

/** Polls `read` until `done` holds; throws after WaitMs naming what did not happen. */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + WaitMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${WaitMs / 1000}s (last status ${JSON.stringify(value)})`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const client = new DaprClient({ daprHost: '127.0.0.1', daprPort: process.env.DAPR_HTTP_PORT ?? '3500' });
  const device = new ActorProxyBuilder<SmartDevice>(SmokeDetectorActor, client).build(new ActorId(DeviceId));

  console.log(`Calling setData on SmokeDetectorActor:${DeviceId}...`);
  const saved = await whenReady(() => device.setData({ location: 'First Floor', status: 'Ready' }));
  console.log(`Got response: ${saved}`);

  console.log(`Calling getData on SmokeDetectorActor:${DeviceId}...`);
  const data = await device.getData();
  console.log(`Device ${DeviceId} state: Location: ${data?.location}, Status: ${data?.status}`);

  await device.startMonitoring();
  console.log('Started monitoring: heartbeat timer every 1s, battery-check reminder every 2s');
  await waitFor('the heartbeat timer', () => device.monitoringStatus(), (s) => s.heartbeats >= Heartbeats);
  console.log(`Heartbeat timer fired at least ${Heartbeats} times`);
  await waitFor('the battery-check reminder', () => device.monitoringStatus(), (s) => s.batteryChecks >= 1);
  console.log('Battery-check reminder fired');

  await device.stopMonitoring();
  console.log('Stopped monitoring');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
