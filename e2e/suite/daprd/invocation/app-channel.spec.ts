import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DaprdProcess, tempDir } from '@dapr-ts/testing';

/** A plain HTTP app that records what reaches it and can be told to be slow. */
async function recordingApp(): Promise<{ server: Server; port: number; seen: IncomingHttpHeaders[]; active: () => number; maxActive: () => number }> {
  const seen: IncomingHttpHeaders[] = [];
  let active = 0;
  let maxActive = 0;
  const server = createServer((req, res) => {
    seen.push(req.headers);
    active++;
    maxActive = Math.max(maxActive, active);
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    req.resume();
    setTimeout(() => {
      active--;
      res.writeHead(200, { 'content-type': 'application/json', 'x-app': 'yes' });
      res.end(JSON.stringify({ path: req.url }));
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen, active: () => active, maxActive: () => maxActive };
}

describe('the app channel', () => {
  it('sends APP_API_TOKEN to the app as dapr-api-token and never forwards the caller token', async () => {
    const app = await recordingApp();
    const daprd = new DaprdProcess({ appId: 'token-app', appPort: app.port, registryDir: tempDir('reg-'), env: { APP_API_TOKEN: 'app-secret', DAPR_API_TOKEN: 'api-secret' } });
    await daprd.run();
    await daprd.waitUntilAppReady();
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/invoke/token-app/method/hello`, { headers: { 'dapr-api-token': 'api-secret', 'x-user': 'u1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-app')).toBe('yes');
    const headers = app.seen.at(-1)!;
    expect(headers['dapr-api-token']).toBe('app-secret');
    expect(headers['x-user']).toBe('u1');
    expect(headers['dapr-caller-app-id']).toBe('token-app');
    await daprd.cleanup();
    app.server.close();
  });

  it('keeps at most --app-max-concurrency calls in the app', async () => {
    const app = await recordingApp();
    const daprd = new DaprdProcess({ appId: 'limited', appPort: app.port, registryDir: tempDir('reg-'), args: ['--app-max-concurrency', '2'] });
    await daprd.run();
    await daprd.waitUntilAppReady();
    const calls = Array.from({ length: 6 }, () => fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/invoke/limited/method/slow?delay=150`));
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(app.maxActive()).toBe(2);
    await daprd.cleanup();
    app.server.close();
  });

  it('lets an in-flight call finish during a graceful shutdown (SIGTERM)', async () => {
    const app = await recordingApp();
    const daprd = new DaprdProcess({ appId: 'draining', appPort: app.port, registryDir: tempDir('reg-') });
    await daprd.run();
    await daprd.waitUntilAppReady();
    const inFlight = fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/invoke/draining/method/slow?delay=1000`);
    await new Promise((r) => setTimeout(r, 200));
    const exit = daprd.cleanup('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: '/slow?delay=1000' });
    expect(await exit).toBe(0);
    app.server.close();
  });

  it('answers 500 ERR_DIRECT_INVOKE with the reason when the remote app is gone', async () => {
    const app = await recordingApp();
    const registryDir = tempDir('reg-');
    const callee = new DaprdProcess({ appId: 'vanishing', appPort: app.port, registryDir });
    const caller = new DaprdProcess({ appId: 'asker', registryDir });
    await Promise.all([callee.run(), caller.run()]);
    await Promise.all([callee.waitUntilAppReady(), caller.waitUntilRunning()]);
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
    app.server.closeAllConnections();
    const res = await fetch(`http://127.0.0.1:${caller.httpPort}/v1.0/invoke/vanishing/method/hello`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { errorCode: string; message: string };
    expect(body.errorCode).toBe('ERR_DIRECT_INVOKE');
    expect(body.message).toMatch(/^fail to invoke, id: vanishing, err: .*ECONNREFUSED/);
    await Promise.all([callee.cleanup(), caller.cleanup()]);
  });

  it.each(['local', 'remote'])('cancels the app request when the caller hangs up (%s target)', async (where) => {
    const aborted: string[] = [];
    const server = createServer((req, res) => {
      res.on('close', () => {
        if (!res.writableFinished) aborted.push(req.url ?? '');
      });
      setTimeout(() => res.end('late'), 3000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const registryDir = tempDir('reg-');
    const callee = new DaprdProcess({ appId: 'patient', appPort: (server.address() as AddressInfo).port, registryDir });
    const caller = where === 'local' ? callee : new DaprdProcess({ appId: 'impatient', registryDir });
    await callee.run();
    if (caller !== callee) await caller.run();
    await callee.waitUntilAppReady();
    await caller.waitUntilRunning();
    const hangUp = new AbortController();
    const call = fetch(`http://127.0.0.1:${caller.httpPort}/v1.0/invoke/patient/method/wait`, { signal: hangUp.signal }).catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 300));
    hangUp.abort();
    expect(await call).toBe('AbortError');
    for (let i = 0; i < 40 && aborted.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(aborted).toEqual(['/wait']);
    await Promise.all([callee.cleanup(), caller.cleanup()]);
    server.closeAllConnections();
    server.close();
  });

  it('passes the app status code and body through', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end('short and stout');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const daprd = new DaprdProcess({ appId: 'teapot', appPort: (server.address() as AddressInfo).port, registryDir: tempDir('reg-') });
    await daprd.run();
    await daprd.waitUntilAppReady();
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/invoke/teapot/method/brew`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(418);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('short and stout');
    await daprd.cleanup();
    server.close();
  });
});
