import { ActorCallLoad, describeOutcomes, eventually, isClearDaprError, summarize } from '../../support/actor-fault-calls';
import { ActorFaultCluster } from '../../support/actor-fault-cluster';

/** Longest any call may take: beyond it the call counts as hung. */
const BoundMs = 15_000;
const Ids = Array.from({ length: 60 }, (_, i) => `actor-${i}`);

/**
 * Three hosts serve one actor type; a client-only sidecar keeps calling 60 actor ids while one host
 * sidecar is SIGKILLed. Placement drops the host, the others take its actors over, and:
 * every call succeeds or fails with a Dapr error (none hangs), no two turns of one id ever run at
 * once anywhere, and every id answers again from a surviving host.
 */
describe('actors: one of three host sidecars is SIGKILLed under load', () => {
  let cluster: ActorFaultCluster;

  beforeAll(async () => {
    cluster = await ActorFaultCluster.start({ name: 'Kill', hosts: 3 });
  }, 90_000);
  afterAll(async () => {
    await cluster?.cleanup();
  }, 30_000);

  it('moves its actors to the other hosts with no overlapping turn and no hung call', async () => {
    const before = await Promise.all(Ids.map((id) => cluster.call(id, 'work', [5], BoundMs)));
    expect(summarize(before)).toEqual({ ok: Ids.length });
    const labels = cluster.hosts.map((h) => h.label);
    const victim = cluster.hosts.reduce((a, b) => (before.filter((o) => o.body === b.label).length > before.filter((o) => o.body === a.label).length ? b : a));
    const victimIds = before.filter((o) => o.body === victim.label).map((o) => o.actorId);
    expect(victimIds.length).toBeGreaterThan(0);

    const load = new ActorCallLoad(Ids, 8, (id) => cluster.call(id, 'work', [20], BoundMs));
    load.start();
    try {
      await eventually('100 calls under load before the kill', () => load.outcomes.filter((o) => o.ok).length >= 100, 30_000, () => JSON.stringify(summarize(load.outcomes)));
      await victim.kill();
      await cluster.waitForHosts(2);
      const rebalancedAt = Date.now();
      await eventually('200 successful calls after the rebalance', () => load.since(rebalancedAt).filter((o) => o.ok).length >= 200, 30_000, () => `${JSON.stringify(summarize(load.since(rebalancedAt)))}\n${cluster.logsTail()}`);
    } finally {
      await load.stop();
    }

    const after = await Promise.all(Ids.map((id) => cluster.call(id, 'work', [1], BoundMs)));
    expect(summarize(after)).toEqual({ ok: Ids.length });
    const survivors = labels.filter((l) => l !== victim.label);
    for (const id of victimIds) expect(survivors).toContain(after.find((o) => o.actorId === id)?.body);

    const outcomes = load.outcomes;
    expect(outcomes.filter((o) => o.hung)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok && !isClearDaprError(o))).toEqual([]);
    expect(cluster.recorder.violations).toEqual([]);
    process.stdout.write(`sigkill-host: ${describeOutcomes(outcomes)}; turns per host ${JSON.stringify(Object.fromEntries(cluster.recorder.turnsByHost))}\n`);
  }, 120_000);

  it('has an instrument that would see overlapping turns (two direct calls to an app, bypassing daprd)', async () => {
    const app = cluster.hosts.find((h) => h.alive)!;
    const seen = cluster.recorder.violations.length;
    const direct = (): Promise<Response> =>
      fetch(`http://127.0.0.1:${app.host.appPort}/actors/${cluster.actorType}/probe/method/work`, { method: 'PUT', body: '[200]', headers: { 'content-type': 'application/json' } });
    const answers = await Promise.all([direct(), direct()]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(cluster.recorder.violations.slice(seen)).toEqual([expect.objectContaining({ kind: 'overlapping turns', actorId: 'probe', hosts: [app.label, app.label] })]);
  }, 30_000);
});
