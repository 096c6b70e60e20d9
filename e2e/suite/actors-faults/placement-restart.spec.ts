import { ActorCallLoad, describeOutcomes, eventually, isClearDaprError, summarize } from '../../support/actor-fault-calls';
import { ActorFaultCluster } from '../../support/actor-fault-cluster';

/** Longest any call may take: beyond it the call counts as hung. */
const BoundMs = 15_000;
/**
 * Longest a call refused during the outage may take. daprd waits up to 3 s for placement to come
 * back before refusing; the rest is slack for a loaded 2-core machine. Far below the 30 s a call
 * would wait for a dissemination round.
 */
const FailFastMs = 8_000;
/**
 * How soon calls must succeed once placement lists the hosts again: one round acknowledged by
 * three sidecars takes milliseconds; placement's own disseminate timeout (8 s) is the most a round
 * may take before it starts cutting sidecars, which is a failure of the reconnect.
 */
const ResumeWithinMs = 8_000;
const Ids = Array.from({ length: 20 }, (_, i) => `counter-${i}`);

/**
 * Two hosts keep counters in the Redis actor state store while placement is stopped (SIGTERM) and
 * started again on the same port. During the outage a call either succeeds or is refused quickly
 * with ERR_ACTOR_NO_PLACEMENT; the sidecars reconnect on their own; afterwards every call succeeds
 * and every counter equals the number of increments that succeeded.
 */
describe('actors: placement restarts on the same port', () => {
  let cluster: ActorFaultCluster;

  beforeAll(async () => {
    cluster = await ActorFaultCluster.start({ name: 'Restart', hosts: 2 });
  }, 90_000);
  afterAll(async () => {
    await cluster?.cleanup();
  }, 30_000);

  it('refuses calls fast while it is down, then serves them again with state intact', async () => {
    const first = await Promise.all(Ids.map((id) => cluster.call(id, 'increment', [], BoundMs)));
    expect(summarize(first)).toEqual({ ok: Ids.length });

    const load = new ActorCallLoad(Ids, 4, (id) => cluster.call(id, 'increment', [], BoundMs));
    load.start();
    let downAt = 0;
    let upAt = 0;
    try {
      await eventually('50 increments before the restart', () => load.outcomes.filter((o) => o.ok).length >= 50, 30_000);
      await cluster.stopPlacement('SIGTERM');
      downAt = Date.now();
      await eventually('a call refused with ERR_ACTOR_NO_PLACEMENT while placement is down', () => load.since(downAt).some((o) => o.errorCode === 'ERR_ACTOR_NO_PLACEMENT'), 20_000, () => JSON.stringify(summarize(load.since(downAt))));
      await cluster.startPlacement();
      await cluster.waitForHosts(2);
      upAt = Date.now();
      await eventually('50 increments after the restart', () => load.since(upAt).filter((o) => o.ok).length >= 50, ResumeWithinMs, () => `${JSON.stringify(summarize(load.since(upAt)))}\n${cluster.logsTail()}`);
    } finally {
      await load.stop();
    }

    const outcomes = load.outcomes;
    expect(outcomes.filter((o) => o.hung)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok && !isClearDaprError(o))).toEqual([]);
    // Sent while placement was gone: refused quickly, and with the error that says why.
    const refused = outcomes.filter((o) => !o.ok && o.at >= downAt);
    expect(refused.filter((o) => o.errorCode !== 'ERR_ACTOR_NO_PLACEMENT' || o.status !== 400 || !/placement/.test(o.message ?? ''))).toEqual([]);
    expect(refused.filter((o) => o.ms > FailFastMs)).toEqual([]);

    // A call refused with ERR_ACTOR_NO_PLACEMENT never reached the actor; any other failure (a turn
    // cut short when placement went away under it) may or may not have saved its increment.
    const least = new Map(Ids.map((id) => [id, 1]));
    const most = new Map(least);
    for (const o of outcomes) {
      if (o.ok) least.set(o.actorId, (least.get(o.actorId) ?? 0) + 1);
      if (o.ok || o.errorCode !== 'ERR_ACTOR_NO_PLACEMENT') most.set(o.actorId, (most.get(o.actorId) ?? 0) + 1);
    }
    const counts = await Promise.all(Ids.map((id) => cluster.call(id, 'count', [], BoundMs)));
    expect(summarize(counts)).toEqual({ ok: Ids.length });
    const outOfRange = counts.filter((o) => Number(o.body) < (least.get(o.actorId) ?? 0) || Number(o.body) > (most.get(o.actorId) ?? 0));
    expect(outOfRange.map((o) => `${o.actorId}: ${o.body} not in [${least.get(o.actorId)}, ${most.get(o.actorId)}]`)).toEqual([]);
    expect(cluster.recorder.violations).toEqual([]);
    process.stdout.write(`placement-restart: ${describeOutcomes(outcomes)}; placement down for ${upAt - downAt} ms\n`);
  }, 120_000);
});
