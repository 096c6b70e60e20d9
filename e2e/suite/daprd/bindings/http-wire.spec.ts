import type { DaprdProcess } from '@dapr-ts/testing';
import { tempDir } from '@dapr-ts/testing';
import { DefaultResources } from '../../../support/sidecar-pair';
import { eventually } from '../../../support/pubsub-resources';
import { RecordingApp, sidecarFor } from '../../../support/recording-app';

describe('bindings over HTTP on the wire', () => {
  const app = new RecordingApp();
  let daprd: DaprdProcess;
  const storage = tempDir('localstorage-');
  const invoke = (name: string, body: unknown): Promise<Response> =>
    fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/bindings/${name}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    await app.listen();
    app.reply = (req) => (req.method === 'OPTIONS' && req.path === '/ignored' ? { status: 404 } : { status: 200 });
    const cron = (name: string, extra = ''): string => `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: bindings.cron
  version: v1
  metadata:
  - name: schedule
    value: "@every 1s"
${extra}`;
    daprd = await sidecarFor(app, 'bindings-wire', {
      ...DefaultResources,
      'ticker.yaml': cron('ticker', '  - name: route\n    value: /on-tick\n'),
      'ignored.yaml': cron('ignored'),
      'files.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: files
spec:
  type: bindings.localstorage
  version: v1
  metadata:
  - name: rootPath
    value: ${storage}
`,
    });
  });
  afterAll(async () => {
    await daprd?.cleanup();
    await app.close();
  });

  it('probes with OPTIONS and delivers only to bindings the app wants, on their route', async () => {
    await eventually('ticks on /on-tick', () => app.to('/on-tick').length >= 2, 10_000);
    expect(app.requests.some((r) => r.method === 'OPTIONS' && r.path === '/on-tick')).toBe(true);
    expect(app.requests.some((r) => r.method === 'OPTIONS' && r.path === '/ignored')).toBe(true);
    expect(app.to('/ignored')).toEqual([]);
  });

  it.each([
    ['an unknown binding', 'nope', { operation: 'create' }, 404],
    ['an unsupported operation', 'files', { operation: 'explode' }, 400],
    ['a path escaping rootPath', 'files', { operation: 'create', data: 'x', metadata: { fileName: '../escape.txt' } }, 400],
    ['a body that is not JSON', 'files', '{oops', 400],
  ])('refuses %s', async (_what, name, body, status) => {
    const res = await invoke(name, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { errorCode: string };
    expect(json.errorCode).toBe(status === 400 && typeof body === 'string' ? 'ERR_MALFORMED_REQUEST' : 'ERR_INVOKE_OUTPUT_BINDING');
  });
});
