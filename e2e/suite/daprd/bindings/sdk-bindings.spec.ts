import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DaprClient } from '@dapr/dapr';
import { freePort, tempDir } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { DefaultResources, Protocols, appWithSidecar, clientFor } from '../../../support/sidecar-pair';

describe.each(Protocols)('bindings with the official SDK over %s', (name, protocol) => {
  let app: Awaited<ReturnType<typeof appWithSidecar>>;
  let client: DaprClient;
  let target: Server;
  const storage = tempDir('localstorage-');
  const ticks: unknown[] = [];
  const targetRequests: { method: string; url: string; body: string; header: string | undefined }[] = [];

  beforeAll(async () => {
    const targetPort = await freePort();
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        targetRequests.push({ method: req.method ?? '', url: req.url ?? '', body, header: req.headers['x-custom'] as string | undefined });
        res.writeHead(200, { 'content-type': 'application/json', 'x-answer': 'yes' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => target.listen(targetPort, '127.0.0.1', resolve));
    const files = {
      ...DefaultResources,
      'cron.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: cron
spec:
  type: bindings.cron
  version: v1
  metadata:
  - name: schedule
    value: "@every 1s"
  - name: direction
    value: "input"
`,
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
      'web.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: web
spec:
  type: bindings.http
  version: v1
  metadata:
  - name: url
    value: http://127.0.0.1:${targetPort}
`,
    };
    app = await appWithSidecar({ appId: `bindings-${name.toLowerCase()}`, protocol, registryDir: tempDir('dapr-registry-'), files });
    await app.server.binding.receive('cron', async (data) => {
      ticks.push(data);
    });
    await app.start();
    client = clientFor(app.daprd, protocol);
    await client.start();
  });
  afterAll(async () => {
    await client?.stop();
    await app?.stop();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  it('delivers cron ticks to the app', async () => {
    await eventually('two cron ticks', () => ticks.length >= 2, 10_000);
  });

  it('creates, reads, lists and deletes files through bindings.localstorage', async () => {
    const file = `note-${name}.txt`;
    await client.binding.send('files', 'create', 'hello from the SDK', { fileName: file });
    expect(readFileSync(join(storage, file), 'utf8')).toBe('hello from the SDK');
    expect(payload(await client.binding.send('files', 'get', '', { fileName: file }))).toBe('hello from the SDK');
    const listed = await client.binding.send('files', 'list', '');
    expect(payload(listed)).toContain(file);
    await client.binding.send('files', 'delete', '', { fileName: file });
    expect(existsSync(join(storage, file))).toBe(false);
  });

  it('calls an HTTP endpoint through bindings.http', async () => {
    const response = await client.binding.send('web', 'post', { order: 1 }, { path: '/orders', 'X-Custom': 'v' });
    expect(payload(response)).toEqual({ ok: true });
    expect(targetRequests.at(-1)).toEqual({ method: 'POST', url: '/orders', body: '{"order":1}', header: 'v' });
  });
});

/** The HTTP client answers the parsed body; the gRPC client the InvokeBindingResponse, data as bytes. */
function payload(result: unknown): unknown {
  const data = (result as { data?: unknown } | undefined)?.data;
  if (!(data instanceof Uint8Array)) return result;
  const text = Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
