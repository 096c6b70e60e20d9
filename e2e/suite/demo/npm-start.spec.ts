import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, tempDir } from '@dapr-ts/testing';

const root = join(__dirname, '../../..');

/** `npm start` as a newcomer runs it: placement, daprd and the hello-world app with its Counter actor. */
describe('npm start (the demo stack)', () => {
  let demo: ChildProcess;
  let output = '';
  let http = 0;

  beforeAll(async () => {
    http = await freePort();
    const env = { ...process.env, DAPR_HTTP_PORT: String(http), DAPR_GRPC_PORT: String(await freePort()), APP_PORT: String(await freePort()), PLACEMENT_PORT: String(await freePort()), DAPR_REGISTRY_DIR: tempDir('demo-registry-') };
    demo = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const meta = await fetch(`http://127.0.0.1:${http}/v1.0/metadata`).then((r) => r.json() as Promise<{ actorRuntime?: { placement?: string } }>).catch(() => undefined);
      if (meta?.actorRuntime?.placement === 'placement: connected') return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the demo did not come up:\n${output}`);
  }, 120_000);

  afterAll(async () => {
    if (demo.exitCode === null) {
      demo.kill('SIGINT');
      await new Promise((r) => demo.once('exit', r));
    }
  });

  it('prints where to look, including the actor curl lines', () => {
    expect(output).toContain(`HTTP http://127.0.0.1:${http}`);
    expect(output).toContain(`curl -X PUT http://127.0.0.1:${http}/v1.0/actors/Counter/c1/method/increment`);
  });

  it('serves the printed state and actor examples', async () => {
    const order = await fetch(`http://127.0.0.1:${http}/v1.0/invoke/nodeapp/method/neworder`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { orderId: 42 } }) });
    expect(order.status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${http}/v1.0/state/statestore/order`)).json()).toEqual({ orderId: 42 });
    const id = `demo-${Date.now()}`;
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push(await (await fetch(`http://127.0.0.1:${http}/v1.0/actors/Counter/${id}/method/increment`, { method: 'PUT' })).json());
    expect(counts).toEqual([1, 2, 3]);
    expect(await (await fetch(`http://127.0.0.1:${http}/v1.0/actors/Counter/${id}/state/count`)).json()).toBe(3);
  });

  it('stops everything on Ctrl-C', async () => {
    demo.kill('SIGINT');
    const code = await new Promise<number | null>((r) => demo.once('exit', r));
    expect(code).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    await expect(fetch(`http://127.0.0.1:${http}/v1.0/healthz`)).rejects.toThrow();
  });
});
