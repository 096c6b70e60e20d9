import { eventually } from '../../support/actor-fault-calls';
import { ActorFaultCluster } from '../../support/actor-fault-cluster';

const Ids = Array.from({ length: 40 }, (_, i) => `ticker-${i}`);
/** Fires each reminder must make after the rebalance settled (one per 1 s period). */
const FiresAfter = 3;

/**
 * 40 reminders with 1 s periods fire on two hosts; a third host joins, so placement moves about a
 * third of the actors (and with them their reminders) to it. No two turns of one id overlap, no id
 * is active on two hosts at once, and every reminder keeps firing, each from one host only, once
 * the rebalance settled (#6968, #4419).
 */
describe('actors: a host joins while many reminders fire', () => {
  let cluster: ActorFaultCluster;

  beforeAll(async () => {
    cluster = await ActorFaultCluster.start({ name: 'Remind', hosts: 2, client: false });
  }, 90_000);
  afterAll(async () => {
    await cluster?.cleanup();
  }, 30_000);

  it('keeps every reminder firing with no overlapping turn or double activation', async () => {
    // Each actor registers its reminder in a turn, through its own sidecar (the SDK way).
    const registered = await Promise.all(Ids.map((id) => cluster.call(id, 'remind', [1], 15_000, cluster.hosts[0]!.daprd)));
    expect(registered.filter((o) => !o.ok)).toEqual([]);
    const fired = (since: number, count: number): string[] => Ids.filter((id) => (cluster.recorder.firesSince(since).get(id)?.length ?? 0) < count);
    await eventually('every reminder to fire twice on the first two hosts', () => fired(0, 2).length === 0, 20_000, () => `not yet: ${fired(0, 2).join(', ')}`);

    const joined = await cluster.addHost();
    await cluster.waitForHosts(3);
    await eventually(`reminders to fire on ${joined.label}`, () => cluster.recorder.fires.some((f) => f.host === joined.label), 20_000, () => cluster.logsTail());
    const settledAt = Date.now();
    await eventually(`every reminder to fire ${FiresAfter} times after the rebalance`, () => fired(settledAt, FiresAfter).length === 0, 20_000, () => `not yet: ${fired(settledAt, FiresAfter).join(', ')}\n${cluster.logsTail()}`);

    const after = cluster.recorder.firesSince(settledAt);
    const owners = new Map([...after].map(([id, fires]) => [id, [...new Set(fires.map((f) => f.host))]]));
    expect([...owners].filter(([, hosts]) => hosts.length !== 1)).toEqual([]);
    expect(new Set([...owners.values()].flat())).toEqual(new Set(cluster.hosts.map((h) => h.label)));
    expect(cluster.recorder.violations).toEqual([]);
    const perHost = [...owners.values()].flat().reduce<Record<string, number>>((acc, h) => ({ ...acc, [h]: (acc[h] ?? 0) + 1 }), {});
    process.stdout.write(`rebalance-reminders: ${cluster.recorder.fires.length} fires; reminders per host after the rebalance ${JSON.stringify(perHost)}\n`);
  }, 90_000);
});
