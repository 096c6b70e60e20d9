import { startHealthzServer } from './healthz-server';
import { startMetricsServer } from './metrics-server';
import type { RunningHttpServer } from './http-listen';
import { roundDoneFor } from './testing/round-done';
import { startTestPlacement, type TestPlacement } from './testing/test-placement';

describe('placement HTTP servers', () => {
  const servers: RunningHttpServer[] = [];
  let p: TestPlacement | undefined;

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    await p?.close();
    p = undefined;
  });

  describe('startHealthzServer()', () => {
    it('answers 503 until ready, then 200', async () => {
      let ready = false;
      const s = await startHealthzServer({ port: 0, listenAddress: '127.0.0.1', isReady: () => ready });
      servers.push(s);
      expect((await fetch(`http://127.0.0.1:${s.port}/healthz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`http://127.0.0.1:${s.port}/healthz`)).status).toBe(200);
    });

    it('serves /placement/state only when metadata is enabled', async () => {
      p = await startTestPlacement();
      const a = p.sidecar({ name: 'a:1', appId: 'orders', namespace: 'prod', entities: ['Counter'] });
      await roundDoneFor(1, a);
      const server = p.server;
      const withState = await startHealthzServer({ port: 0, listenAddress: '127.0.0.1', isReady: () => true, placementState: () => server.state() });
      const without = await startHealthzServer({ port: 0, listenAddress: '127.0.0.1', isReady: () => true });
      servers.push(withState, without);

      const res = await fetch(`http://127.0.0.1:${withState.port}/placement/state`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as { hostList: { updatedAt: number }[] };
      expect(body).toEqual({
        hostList: [{ name: 'a:1', appId: 'orders', actorTypes: ['Counter'], updatedAt: expect.any(Number), namespace: 'prod', apiLevel: 20 }],
        tableVersion: 1,
        apiLevel: 20,
        replicationFactor: 100,
      });
      expect(Math.abs(body.hostList[0]!.updatedAt - Date.now() / 1000)).toBeLessThan(60);
      expect((await fetch(`http://127.0.0.1:${without.port}/placement/state`)).status).toBe(404);
    });

    it('answers /placement/state with 503 while placement is not serving yet', async () => {
      const s = await startHealthzServer({ port: 0, listenAddress: '127.0.0.1', isReady: () => false, placementState: () => undefined });
      servers.push(s);
      expect((await fetch(`http://127.0.0.1:${s.port}/placement/state`)).status).toBe(503);
    });

    it('fails with one line when the port is taken', async () => {
      const s = await startHealthzServer({ port: 0, listenAddress: '127.0.0.1', isReady: () => true });
      servers.push(s);
      await expect(startHealthzServer({ port: s.port, listenAddress: '127.0.0.1', isReady: () => true })).rejects.toThrow(
        `healthz server: cannot listen on 127.0.0.1:${s.port}: address already in use`,
      );
    });
  });

  describe('startMetricsServer()', () => {
    it('serves the placement metrics in Prometheus text format', async () => {
      p = await startTestPlacement();
      const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
      await roundDoneFor(1, a);
      const b = p.sidecar({ name: 'b:1', entities: [] });
      await roundDoneFor(2, a, b);
      const server = p.server;
      const s = await startMetricsServer({ port: 0, listenAddress: '127.0.0.1', render: () => server.metrics.render() });
      servers.push(s);

      const res = await fetch(`http://127.0.0.1:${s.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(text).toContain('# TYPE dapr_placement_runtimes_total gauge\ndapr_placement_runtimes_total{namespace="default"} 2\n');
      expect(text).toContain('# TYPE dapr_placement_actor_runtimes_total gauge\ndapr_placement_actor_runtimes_total{namespace="default"} 1\n');
      expect(text).toContain('# TYPE dapr_placement_dissemination_rounds_total counter\ndapr_placement_dissemination_rounds_total{namespace="default"} 2\n');
      expect(text).toContain('# TYPE dapr_placement_cut_streams_total counter\n');
      expect((await fetch(`http://127.0.0.1:${s.port}/other`)).status).toBe(404);
    });
  });
});
