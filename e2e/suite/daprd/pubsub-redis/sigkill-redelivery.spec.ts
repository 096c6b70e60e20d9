import { randomUUID } from 'node:crypto';
import { DaprdProcess, tempDir, tempDirWith } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { RecordingApp } from '../../../support/recording-app';

const redisHost = process.env['REDIS_HOST'] ?? '127.0.0.1:6379';

/** pubsub.redis as Dapr's docs define it, with short reclaim times so the test is quick. */
const resources = {
  'pubsub.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.redis
  version: v1
  metadata:
  - name: redisHost
    value: ${redisHost}
  - name: redisPassword
    value: ""
  - name: processingTimeout
    value: 1s
  - name: redeliverInterval
    value: 500ms
`,
};

/**
 * A subscriber's sidecar is SIGKILLed while its app still holds five unacknowledged messages; the
 * sidecar that comes back (same app id, so the same consumer group) gets every one of them again
 * from the Redis stream's pending entries.
 */
describe('pubsub.redis: a SIGKILLed sidecar loses nothing', () => {
  const app = new RecordingApp();
  const topic = `durable-${randomUUID()}`;
  const registryDir = tempDir('dapr-registry-');
  const resourcesDir = tempDirWith(resources);
  let answer = false;
  let daprd: DaprdProcess | undefined;

  beforeAll(async () => {
    await app.listen();
    app.reply = (req) => {
      if (req.method === 'GET' && req.path === '/dapr/subscribe') return { status: 200, body: [{ pubsubname: 'pubsub', topic, route: '/durable' }] };
      // The first sidecar's deliveries are never answered: they stay unacknowledged.
      return answer ? { status: 200, body: { status: 'SUCCESS' } } : { status: 200, delayMs: 60_000 };
    };
  });
  afterAll(async () => {
    await daprd?.cleanup('SIGKILL');
    await app.close();
  });

  const start = async (): Promise<DaprdProcess> => {
    const sidecar = new DaprdProcess({ appId: 'durable-subscriber', appPort: app.port, resourcesPaths: [resourcesDir], registryDir });
    await sidecar.run();
    await sidecar.waitUntilAppReady().catch((err: Error) => {
      throw new Error(`${err.message}\n(is Redis running at ${redisHost}? set REDIS_HOST)`);
    });
    return sidecar;
  };

  it('redelivers the unacknowledged messages to the restarted sidecar', async () => {
    daprd = await start();
    for (let n = 1; n <= 5; n++) {
      const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/publish/pubsub/${topic}`, { method: 'POST', body: JSON.stringify({ n }), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(204);
    }
    await eventually('five in-flight deliveries', () => app.to('/durable').length === 5);
    await daprd.cleanup('SIGKILL');

    answer = true;
    daprd = await start();
    await eventually('all five redelivered', () => app.to('/durable').length >= 10, 30_000);
    const redelivered = app.to('/durable').slice(5).map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n);
    expect([...new Set(redelivered)].sort()).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);
});
