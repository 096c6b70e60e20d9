import { status } from '@grpc/grpc-js';
import { freePort } from '@dapr-ts/testing';
import { ActorCallLoad, describeOutcomes, eventually, isClearDaprError, summarize } from '../../support/actor-fault-calls';
import { ActorFaultCluster } from '../../support/actor-fault-cluster';
import { StuckHost } from '../../support/actor-fault-stuck-host';

/**
 * Longest any call may take: the 2 s a locked round may last on placement, a reroute once the
 * stuck host's share of the table moves back, and slack for a loaded 2-core machine. Without the
 * cut, calls would wait for daprd's 30 s `--actors-disseminate-timeout`.
 */
const BoundMs = 10_000;
const Ids = Array.from({ length: 40 }, (_, i) => `steady-${i}`);

/**
 * A raw gRPC client joins placement as a third host of the actor type and never acknowledges the
 * LOCK. With `--disseminate-timeout 2s`, placement cuts that stream (DeadlineExceeded) and finishes
 * the round with the two real hosts; calls running meanwhile resume, none hangs past the bound, and
 * no two turns of one id overlap.
 */
describe('actors: a host stream that never acknowledges a placement round', () => {
  let cluster: ActorFaultCluster;
  let stuck: StuckHost | undefined;

  beforeAll(async () => {
    cluster = await ActorFaultCluster.start({ name: 'Stuck', hosts: 2, placementArgs: ['--disseminate-timeout', '2s'] });
  }, 90_000);
  afterAll(async () => {
    stuck?.close();
    await cluster?.cleanup();
  }, 30_000);

  it('is cut after the disseminate timeout while the real hosts go on serving', async () => {
    const before = await Promise.all(Ids.map((id) => cluster.call(id, 'work', [1], BoundMs)));
    expect(summarize(before)).toEqual({ ok: Ids.length });

    const load = new ActorCallLoad(Ids, 8, (id) => cluster.call(id, 'work', [10], BoundMs));
    load.start();
    let cutAt = 0;
    try {
      await eventually('50 calls before the stuck host joins', () => load.outcomes.filter((o) => o.ok).length >= 50, 30_000);
      const joinedAt = Date.now();
      stuck = new StuckHost(cluster.placement.address, { name: `127.0.0.1:${await freePort()}`, appId: `${cluster.appId}-stuck`, entities: [cluster.actorType] });
      await eventually('placement to cut the stuck stream', () => stuck?.status !== undefined, 15_000, () => cluster.logsTail());
      cutAt = Date.now();
      expect(stuck.status?.code).toBe(status.DEADLINE_EXCEEDED);
      expect(stuck.status?.details).toMatch(/did not acknowledge the lock order/);
      // It never acknowledged the lock, so it never saw the table.
      expect(stuck.operations()).toEqual(['lock']);
      await cluster.waitForHosts(2);
      await eventually('100 calls after the cut', () => load.since(cutAt).filter((o) => o.ok).length >= 100, 20_000, () => `${JSON.stringify(summarize(load.since(joinedAt)))}\n${cluster.logsTail()}`);
    } finally {
      await load.stop();
    }

    const outcomes = load.outcomes;
    expect(outcomes.filter((o) => o.hung)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok && !isClearDaprError(o))).toEqual([]);
    expect(cluster.recorder.violations).toEqual([]);
    const after = await Promise.all(Ids.map((id) => cluster.call(id, 'work', [1], BoundMs)));
    expect(summarize(after)).toEqual({ ok: Ids.length });
    process.stdout.write(`stuck-host-stream: ${describeOutcomes(outcomes)}\n`);
  }, 90_000);
});
