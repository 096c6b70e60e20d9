import { PlacementTable } from './placement-table';
import { PlacementUnavailableError, TableGate } from './table-gate';

const table = (version: number): PlacementTable =>
  new PlacementTable(version, new Map([['Counter', [{ name: '127.0.0.1:1', id: 'app', port: 1, load: 0, entities: ['Counter'], pod: '', apiLevel: 20, namespace: '', operation: 0 }]]]), 100);

describe('TableGate', () => {
  it('keeps calls waiting until the first table is unlocked', async () => {
    const gate = new TableGate({ lockedMs: 5_000, disconnectedMs: 5_000 });
    let opened: PlacementTable | undefined;
    const waiting = gate.open().then((t) => (opened = t));
    gate.lock();
    gate.update(table(1));
    await new Promise((r) => setImmediate(r));
    expect(opened).toBeUndefined();
    gate.unlock();
    await waiting;
    expect(opened?.version).toBe(1);
    expect(gate.current?.lookup('Counter', 'a')?.appId).toBe('app');
  });

  it('fails waiting calls with a clear error when placement stays unreachable', async () => {
    const gate = new TableGate({ lockedMs: 10_000, disconnectedMs: 50 });
    gate.disconnected('placement at 127.0.0.1:1 unreachable: connection refused');
    await expect(gate.open()).rejects.toThrow(new PlacementUnavailableError('placement at 127.0.0.1:1 unreachable: connection refused'));
  });

  it('shortens the wait of calls already waiting when placement goes away', async () => {
    const gate = new TableGate({ lockedMs: 60_000, disconnectedMs: 50 });
    gate.update(table(1));
    gate.unlock();
    gate.lock();
    const waiting = gate.open();
    gate.disconnected('stream broke');
    await expect(waiting).rejects.toThrow('stream broke');
  });

  it('drains calls in flight, or reports that some are still running', async () => {
    const gate = new TableGate({ lockedMs: 1_000, disconnectedMs: 1_000 });
    let finish = (): void => undefined;
    const call = gate.track(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(gate.inFlight).toBe(1);
    expect(await gate.drain(20)).toBe(false);
    const drained = gate.drain(5_000);
    finish();
    await call;
    expect(await drained).toBe(true);
    expect(await gate.drain(0)).toBe(true);
  });

  it('tells a caller when a newer table arrived', async () => {
    const gate = new TableGate({ lockedMs: 1_000, disconnectedMs: 1_000 });
    gate.update(table(3));
    expect(await gate.newerThan(3, 20)).toBe(false);
    const newer = gate.newerThan(3, 5_000);
    gate.update(table(4));
    expect(await newer).toBe(true);
  });
});
