import { randomUUID } from 'node:crypto';
import { DaprdProcess, tempDir, tempDirWith } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { RecordingApp } from '../../../support/recording-app';
import { startSidecar } from '../../../support/sidecar-pair';

/** One broker's part in {@link describeSigkillRedelivery}. */
export interface SigkillBroker {
  /** Shown in the test name, e.g. `pubsub.jetstream`. */
  label: string;
  /** Readies the broker for `topic` (reachability, a stream); returns the cleanup, given the subscriber's app id. */
  prepare(topic: string): Promise<(subscriberAppId: string) => Promise<void>>;
  /** The `pubsub` component file, as Dapr's docs write it. */
  component(topic: string): string;
}

const publish = async (daprd: DaprdProcess, topic: string, n: number): Promise<void> => {
  const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/publish/pubsub/${topic}`, { method: 'POST', body: JSON.stringify({ n }), headers: { 'content-type': 'application/json' } });
  if (res.status !== 204) throw new Error(`publish ${n} answered ${res.status}: ${await res.text()}`);
};

/**
 * A subscriber's sidecar is SIGKILLed while its app still holds an unacknowledged message and
 * more wait behind it; two more are published (through another sidecar) while it is down. The
 * sidecar that comes back (same app id, so the same consumer group) gets all seven.
 */
export function describeSigkillRedelivery(broker: SigkillBroker): void {
  describe(`${broker.label}: a SIGKILLed subscriber sidecar loses nothing`, () => {
    const app = new RecordingApp();
    const run = randomUUID().slice(0, 8);
    const topic = `durable-${run}`;
    const subscriberAppId = `durable-subscriber-${run}`;
    const registryDir = tempDir('dapr-registry-');
    let cleanupBroker: ((appId: string) => Promise<void>) | undefined;
    let resourcesDir = '';
    let answer = false;
    let publisher: DaprdProcess | undefined;
    let subscriber: DaprdProcess | undefined;

    beforeAll(async () => {
      cleanupBroker = await broker.prepare(topic);
      resourcesDir = tempDirWith({ 'pubsub.yaml': broker.component(topic) });
      await app.listen();
      app.reply = (req) => {
        if (req.method === 'GET' && req.path === '/dapr/subscribe') return { status: 200, body: [{ pubsubname: 'pubsub', topic, route: '/durable' }] };
        // The first sidecar's deliveries are never answered: they stay unacknowledged.
        return answer ? { status: 200, body: { status: 'SUCCESS' } } : { status: 200, delayMs: 60_000 };
      };
      publisher = await startSidecar({ appId: `durable-publisher-${run}`, files: { 'pubsub.yaml': broker.component(topic) }, registryDir });
    }, 60_000);
    afterAll(async () => {
      await subscriber?.cleanup('SIGKILL');
      await publisher?.cleanup();
      await app.close();
      await cleanupBroker?.(subscriberAppId);
    });

    const startSubscriber = async (): Promise<DaprdProcess> => {
      const sidecar = new DaprdProcess({ appId: subscriberAppId, appPort: app.port, resourcesPaths: [resourcesDir], registryDir });
      await sidecar.run();
      await sidecar.waitUntilAppReady();
      return sidecar;
    };

    it('redelivers the unacknowledged messages and those published meanwhile to the restarted sidecar', async () => {
      subscriber = await startSubscriber();
      for (let n = 1; n <= 5; n++) await publish(publisher!, topic, n);
      await eventually('a delivery the app holds', () => app.to('/durable').length >= 1);
      await subscriber.cleanup('SIGKILL');
      const beforeRestart = app.to('/durable').length;
      for (const n of [6, 7]) await publish(publisher!, topic, n);

      answer = true;
      subscriber = await startSubscriber();
      const redelivered = (): number[] => [...new Set(app.to('/durable').slice(beforeRestart).map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n))].sort((a, b) => a - b);
      await eventually('all seven messages after the restart', () => redelivered().length === 7, 30_000);
      expect(redelivered()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }, 90_000);
  });
}
