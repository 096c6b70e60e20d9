import { status } from '@grpc/grpc-js';
import { runtimeV1 } from '@dapr-ts/proto';
import { DaprdProcess, freePort, tempDir } from '@dapr-ts/testing';
import { eventually, summarize, type CallOutcome } from '../../support/actor-fault-calls';
import { ActorFaultCluster } from '../../support/actor-fault-cluster';
import { actorRuntimeOf } from '../../support/actor-host';
import { redisActorResources } from '../../support/actor-resources';
import { rawUnary } from '../../support/raw-grpc';

/** Longest any call may take: beyond it the call counts as hung. */
const BoundMs = 15_000;
/** daprd waits up to 3 s for placement before refusing; the rest is slack for a loaded machine. */
const FailFastMs = 8_000;
const Ids = Array.from({ length: 10 }, (_, i) => `lonely-${i}`);

const healthz = async (daprd: DaprdProcess): Promise<number> => (await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/healthz`)).status;

/** Every outcome is Dapr's "no placement" refusal, answered quickly. */
function expectNoPlacement(outcomes: CallOutcome[]): void {
  const wrong = outcomes.filter((o) => o.ok || o.hung || o.status !== 400 || o.errorCode !== 'ERR_ACTOR_NO_PLACEMENT' || !/placement/.test(o.message ?? '') || o.ms > FailFastMs);
  expect(wrong).toEqual([]);
}

/**
 * Placement is gone for good: calls neither hang nor wait for the 30 s dissemination budget, they
 * fail within seconds with ERR_ACTOR_NO_PLACEMENT (HTTP 400, gRPC Unavailable), and the sidecars
 * stay healthy. A host that loses placement deactivates its actors (another host may own them now).
 */
describe('actors: placement is down for good', () => {
  let cluster: ActorFaultCluster;

  beforeAll(async () => {
    cluster = await ActorFaultCluster.start({ name: 'Down', hosts: 1 });
  }, 90_000);
  afterAll(async () => {
    await cluster?.cleanup();
  }, 30_000);

  it('refuses calls fast, keeps the sidecars healthy and deactivates the actors of the host', async () => {
    const host = cluster.hosts[0]!;
    const client = cluster.client!;
    const before = await Promise.all(Ids.map((id) => cluster.call(id, 'work', [1], BoundMs)));
    expect(summarize(before)).toEqual({ ok: Ids.length });
    expect(cluster.recorder.activeOn(host.label).sort()).toEqual([...Ids].sort());

    await cluster.stopPlacement('SIGKILL');
    await eventually('the host to deactivate its actors', () => cluster.recorder.activeOn(host.label).length === 0, 15_000, () => cluster.logsTail());
    expect(cluster.recorder.deactivatedOn(host.label).sort()).toEqual([...Ids].sort());

    const viaClient = Promise.all(Ids.map((id) => cluster.call(id, 'work', [1], BoundMs)));
    const viaHost = Promise.all(Ids.map((id) => cluster.call(id, 'work', [1], BoundMs, host.daprd)));
    expectNoPlacement([...(await viaClient), ...(await viaHost)]);

    const grpc = await rawUnary(client.grpcPort, '/dapr.proto.runtime.v1.Dapr/InvokeActor', Buffer.from(runtimeV1.InvokeActorRequest.encode({ actorType: cluster.actorType, actorId: 'lonely-0', method: 'work', data: Buffer.from('[1]'), metadata: {} }).finish()));
    expect(grpc?.code).toBe(status.UNAVAILABLE);
    expect(grpc?.details).toMatch(/placement/);

    expect(await healthz(client)).toBe(204);
    expect(await healthz(host.daprd)).toBe(204);
    expect((await actorRuntimeOf(host.daprd)).placement).toBe('placement: disconnected');
    expect(cluster.recorder.violations).toEqual([]);
  }, 60_000);

  it('refuses calls the same way on a sidecar that never reached placement', async () => {
    const daprd = new DaprdProcess({ appId: `${cluster.appId}-orphan`, resourcesPaths: [redisActorResources()], registryDir: tempDir('dapr-registry-'), args: ['--placement-host-address', `127.0.0.1:${await freePort()}`] });
    try {
      await daprd.run();
      await daprd.waitUntilRunning();
      const outcomes = await Promise.all(Ids.slice(0, 4).map((id) => cluster.call(id, 'work', [1], BoundMs, daprd)));
      expectNoPlacement(outcomes);
      expect(await healthz(daprd)).toBe(204);
    } finally {
      await daprd.cleanup();
    }
  }, 60_000);
});
