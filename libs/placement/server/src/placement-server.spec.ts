import { status } from '@grpc/grpc-js';
import { eventually, hostsOf } from './testing/raw-sidecar';
import { roundDoneFor } from './testing/round-done';
import { startTestPlacement, type TestPlacement } from './testing/test-placement';

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PlacementServer dissemination', () => {
  let p: TestPlacement;

  afterEach(async () => {
    await p?.close();
  });

  it('sends lock, update and unlock to every host on each join, with growing versions and the right hosts per actor type', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    const b = p.sidecar({ name: 'b:1', entities: ['Counter', 'Timer'] });
    await roundDoneFor(2, a, b);
    const c = p.sidecar({ name: 'c:1', entities: [] });
    await roundDoneFor(3, a, b, c);

    expect(a.orders.map((o) => `${o.operation}@${o.version}`)).toEqual(['lock@1', 'update@1', 'unlock@1', 'lock@2', 'update@2', 'unlock@2', 'lock@3', 'update@3', 'unlock@3']);
    expect(b.versions('update')).toEqual([2, 3]);
    expect(c.versions('update')).toEqual([3]);
    const table = c.lastUpdate();
    expect(table?.tables?.version).toBe('3');
    expect(table?.tables?.replicationFactor).toBe(100);
    expect(table?.tables?.apiLevel).toBe(20);
    expect(Object.keys(table?.tables?.entries ?? {}).sort()).toEqual(['Counter', 'Timer']);
    expect(hostsOf(table, 'Counter')).toEqual(['a:1', 'b:1']);
    expect(hostsOf(table, 'Timer')).toEqual(['b:1']);
    expect(table?.tables?.entries['Timer']?.loadMap['b:1']).toMatchObject({ name: 'b:1', port: 50002, id: 'b', entities: ['Counter', 'Timer'], namespace: 'default' });
    expect(p.server.metrics.roundCount('default')).toBe(3);
  });

  it('does not send update before every ack-capable host acked lock', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    const held = p.sidecar({ name: 'held:1', entities: ['Counter'], mode: 'hold' });
    await held.waitForOrder('lock@2', (o) => o.operation === 'lock' && o.version === 2);
    await a.waitForOrder('lock@2', (o) => o.operation === 'lock' && o.version === 2);
    await settle(500); // a's ack has long arrived; held's has not been sent
    expect(a.received('update', 2)).toBe(false);
    expect(held.received('update', 2)).toBe(false);

    held.release();
    await roundDoneFor(2, a, held);
    expect(hostsOf(a.lastUpdate(), 'Counter')).toEqual(['a:1', 'held:1']);
  });

  it('sends all three orders to a 1.16 sidecar that never acks', async () => {
    p = await startTestPlacement();
    const legacy = p.sidecar({ name: 'legacy:1', entities: ['Counter'], mode: 'legacy' });
    await roundDoneFor(1, legacy);
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(2, legacy, a);
    expect(legacy.orders.map((o) => `${o.operation}@${o.version}`)).toEqual(['lock@1', 'update@1', 'unlock@1', 'lock@2', 'update@2', 'unlock@2']);
    expect(hostsOf(legacy.lastUpdate(), 'Counter')).toEqual(['a:1', 'legacy:1']);
    expect(legacy.status).toBeUndefined();
  });

  it('batches hosts that join during a round into one next round', async () => {
    p = await startTestPlacement();
    const held = p.sidecar({ name: 'held:1', entities: ['Counter'], mode: 'hold' });
    await held.waitForOrder('lock@1', (o) => o.operation === 'lock' && o.version === 1);
    const others = ['b:1', 'c:1', 'd:1'].map((name) => p.sidecar({ name, entities: ['Counter'] }));
    await eventually('four hosts to be members', () => p.server.state().hostList.length === 4);

    held.release();
    await roundDoneFor(2, held, ...others);
    await settle(500);
    expect(p.server.metrics.roundCount('default')).toBe(2);
    expect(held.versions('lock')).toEqual([1, 2]);
    for (const s of others) expect(s.versions('lock')).toEqual([2]);
    expect(hostsOf(held.lastUpdate(), 'Counter')).toEqual(['b:1', 'c:1', 'd:1', 'held:1']);
  });

  it('keeps namespaces apart, each with its own versions', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', namespace: 'ns1', entities: ['Counter'] });
    const b = p.sidecar({ name: 'b:1', namespace: 'ns2', entities: ['Counter'] });
    await roundDoneFor(1, a, b);
    const c = p.sidecar({ name: 'c:1', namespace: 'ns1', entities: ['Counter'] });
    await roundDoneFor(2, a, c);
    await settle(300);

    expect(hostsOf(a.lastUpdate(), 'Counter')).toEqual(['a:1', 'c:1']);
    expect(b.versions('update')).toEqual([1]);
    expect(hostsOf(b.lastUpdate(), 'Counter')).toEqual(['b:1']);
    expect(p.server.metrics.roundCount('ns1')).toBe(2);
    expect(p.server.metrics.roundCount('ns2')).toBe(1);
  });

  it('runs a round when a host changes its actor types', async () => {
    p = await startTestPlacement();
    const a = p.sidecar({ name: 'a:1', entities: ['Counter'] });
    await roundDoneFor(1, a);
    const b = p.sidecar({ name: 'b:1', entities: [] });
    await roundDoneFor(2, a, b);

    a.setEntities(['Counter', 'Timer']);
    await roundDoneFor(3, a, b);
    expect(hostsOf(b.lastUpdate(), 'Timer')).toEqual(['a:1']);
    expect(hostsOf(b.lastUpdate(), 'Counter')).toEqual(['a:1']);
    expect(p.server.state().hostList[0]?.actorTypes).toEqual(['Counter', 'Timer']);
  });

  it('replaces the stream of a host name that connects again', async () => {
    p = await startTestPlacement();
    const first = p.sidecar({ name: 'a:1', entities: ['Counter'], port: 6001 });
    await roundDoneFor(1, first);
    const second = p.sidecar({ name: 'a:1', entities: ['Counter'], port: 6002 });

    const ended = await first.waitForStatus();
    expect(ended.code).toBe(status.ABORTED);
    expect(ended.details).toBe("host 'a:1' connected again on a newer stream");
    const update = await second.waitForOrder('an update', (o) => o.operation === 'update');
    expect(update.tables?.entries['Counter']?.loadMap['a:1']?.port).toBe(6002);
    expect(p.server.state().hostList.map((h) => h.name)).toEqual(['a:1']);
    await settle(300);
    expect(second.status).toBeUndefined();
  });
});
