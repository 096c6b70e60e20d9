import { status } from '@grpc/grpc-js';
import { nopLogger } from '@dapr-ts/logger';
import type { LeaderCallbacks, LeaderElection } from './leader-election';
import { NotLeaderMessage } from './placement-coordinator';
import { PlacementServer } from './placement-server';
import { hostsOf } from './testing/raw-sidecar';
import { roundDoneFor } from './testing/round-done';
import { startTestPlacement, type TestPlacement } from './testing/test-placement';

/** A leader election the test drives by hand. */
class ManualElection implements LeaderElection {
  private callbacks: LeaderCallbacks | undefined;

  async start(callbacks: LeaderCallbacks): Promise<void> {
    this.callbacks = callbacks;
  }

  async stop(): Promise<void> {
    this.callbacks = undefined;
  }

  elect(): void {
    this.callbacks?.onElected();
  }

  depose(): void {
    this.callbacks?.onDeposed();
  }
}

describe('PlacementServer failure handling', () => {
  let p: TestPlacement | undefined;

  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('cuts a stream that never acks lock after the disseminate timeout, finishes the round for the others, then runs one without it', async () => {
    p = await startTestPlacement({ disseminateTimeoutMs: 500 });
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    const legacy = p.sidecar({ name: 'legacy:1', entities: ['Counter'], mode: 'legacy' });
    await roundDoneFor(2, a, legacy);
    const settled = 2;

    const stuck = p.sidecar({ name: 'stuck:1', entities: ['Counter'], mode: 'stuck' });
    const cut = await stuck.waitForStatus();
    expect(cut.code).toBe(status.DEADLINE_EXCEEDED);
    expect(cut.details).toBe(`host 'stuck:1' (namespace 'default') did not acknowledge the lock order of version ${settled + 1} within 500ms (disseminate timeout)`);
    expect(stuck.orders.map((o) => o.operation)).toEqual(['lock']);

    await roundDoneFor(settled + 2, a, legacy);
    expect(hostsOf(a.orders.find((o) => o.operation === 'update' && o.version === settled + 1), 'Counter')).toEqual(['a:1', 'legacy:1', 'stuck:1']);
    expect(hostsOf(a.lastUpdate(), 'Counter')).toEqual(['a:1', 'legacy:1']);
    expect(a.lastUpdate()?.version).toBe(settled + 2);
    expect(p.server.metrics.cutCount('default')).toBe(1);
    expect(p.server.state().hostList.map((h) => h.name).sort()).toEqual(['a:1', 'legacy:1']);
  });

  it('runs a round without a host whose stream ended', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    const b = p.sidecar({ name: 'b:1', entities: ['Counter'] });
    await roundDoneFor(2, a, b);

    a.end();
    expect((await a.waitForStatus()).code).toBe(status.OK);
    await roundDoneFor(3, b);
    expect(hostsOf(b.lastUpdate(), 'Counter')).toEqual(['b:1']);
    expect(p.server.metrics.cutCount('default')).toBe(0);
  });

  it('cuts a host whose heartbeats stop and runs a round without it', async () => {
    p = await startTestPlacement({ keepaliveTimeoutMs: 1_000 });
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    const b = p.sidecar({ name: 'b:1', entities: ['Counter'] });
    await roundDoneFor(2, a, b);

    a.stopHeartbeats();
    const cut = await a.waitForStatus();
    expect(cut.code).toBe(status.UNAVAILABLE);
    expect(cut.details).toBe("host 'a:1' (namespace 'default') sent nothing for 1s (keepalive timeout)");
    await roundDoneFor(3, b);
    expect(hostsOf(b.lastUpdate(), 'Counter')).toEqual(['b:1']);
    expect(b.status).toBeUndefined();
  });

  it('refuses streams while not the leader and cuts them when leadership is lost', async () => {
    const election = new ManualElection();
    p = await startTestPlacement({ leaderElection: election });
    const early = p.sidecar({ name: 'early:1', entities: ['Counter'] });
    const refused = await early.waitForStatus();
    expect([refused.code, refused.details]).toEqual([status.FAILED_PRECONDITION, NotLeaderMessage]);

    election.elect();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    election.depose();
    const cut = await a.waitForStatus();
    expect([cut.code, cut.details]).toEqual([status.FAILED_PRECONDITION, NotLeaderMessage]);
    expect(p.server.state().hostList).toEqual([]);
  });

  it('ends every stream with UNAVAILABLE when closed', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    await p.server.close();
    const ended = await a.waitForStatus();
    expect([ended.code, ended.details]).toEqual([status.UNAVAILABLE, 'placement service is shutting down']);
  });

  it('cuts a stream that changes its host name', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    a.reportAs({ name: 'other:1' });
    const cut = await a.waitForStatus();
    expect(cut.code).toBe(status.INVALID_ARGUMENT);
    expect(cut.details).toBe("host 'a:1' (namespace 'default') reported itself as host 'other:1' (namespace 'default'): a stream cannot change its host name or namespace");
  });

  it('fails to start with one line when the port is taken', async () => {
    p = await startTestPlacement();
    await expect(PlacementServer.start({ logger: nopLogger(), port: p.server.port, listenAddress: '127.0.0.1' })).rejects.toThrow(
      `placement gRPC server: cannot listen on 127.0.0.1:${p.server.port}: address already in use`,
    );
  });
});
