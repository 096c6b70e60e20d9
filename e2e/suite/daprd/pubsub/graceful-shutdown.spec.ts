import type { DaprdProcess } from '@dapr-ts/testing';
import { PubSubResources, eventually } from '../../../support/pubsub-resources';
import { RecordingApp, sidecarFor } from '../../../support/recording-app';

/**
 * SIGTERM while the app is still processing a message: the delivery finishes and its answer is
 * taken (nothing is dead-lettered or acked early), and no new delivery starts.
 */
describe('pub/sub during graceful shutdown', () => {
  const app = new RecordingApp();
  let daprd: DaprdProcess;
  let answeredAt = 0;

  beforeAll(async () => {
    await app.listen();
    app.reply = (req) => {
      if (req.method === 'GET' && req.path === '/dapr/subscribe') return { status: 200, body: [{ pubsubname: 'pubsub', topic: 'slow', route: '/slow', deadLetterTopic: 'slow-dlq' }, { pubsubname: 'pubsub', topic: 'slow-dlq', route: '/dlq' }] };
      return { status: 200, body: { status: 'DROP' } };
    };
    daprd = await sidecarFor(app, 'shutdown-app', PubSubResources, ['--dapr-graceful-shutdown-seconds', '5']);
  });
  afterAll(async () => {
    await daprd?.cleanup('SIGKILL');
    await app.close();
  });

  it('finishes the in-flight delivery within the graceful period and dead-letters nothing', async () => {
    const slowReply = app.reply;
    app.reply = (req) => (req.path === '/slow' ? { ...slowReply(req), delayMs: 1500, onSent: () => (answeredAt = Date.now()) } : slowReply(req));
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/publish/pubsub/slow`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(204);
    await eventually('the slow delivery to start', () => app.requests.some((r) => r.path === '/slow'), 10_000);
    const termAt = Date.now();
    const code = await daprd.cleanup('SIGTERM');
    expect(code).toBe(0);
    // The answer went out after SIGTERM, and daprd waited for it.
    expect(answeredAt).toBeGreaterThan(termAt);
    expect(app.to('/dlq')).toEqual([]);
  });
});
