import { StackDepthError, TurnLock } from './turn-lock';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TurnLock', () => {
  it('runs calls one at a time in arrival order', async () => {
    const lock = new TurnLock();
    const order: string[] = [];
    const first = await lock.acquire(undefined, 32);
    const second = lock.acquire(undefined, 32).then((release) => (order.push('second'), release));
    const third = lock.acquire(undefined, 32).then((release) => (order.push('third'), release));
    await tick();
    expect(order).toEqual([]);
    expect(lock.waiting).toBe(2);
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(lock.busy).toBe(false);
  });

  it('lets a call of the same reentrancy chain in, and others wait', async () => {
    const lock = new TurnLock();
    const outer = await lock.acquire('chain-1', 32);
    const nested = await lock.acquire('chain-1', 32);
    let otherIn = false;
    const other = lock.acquire('chain-2', 32).then((release) => ((otherIn = true), release));
    nested();
    await tick();
    expect(otherIn).toBe(false);
    outer();
    (await other)();
    expect(otherIn).toBe(true);
  });

  it('refuses nesting deeper than the maximum stack depth', async () => {
    const lock = new TurnLock();
    const releases = [await lock.acquire('c', 3), await lock.acquire('c', 3), await lock.acquire('c', 3)];
    await expect(lock.acquire('c', 3)).rejects.toBeInstanceOf(StackDepthError);
    for (const release of releases.reverse()) release();
    expect(lock.busy).toBe(false);
  });

  it('treats a call without reentrancy id as a new turn even while one runs', async () => {
    const lock = new TurnLock();
    const first = await lock.acquire(undefined, 32);
    let entered = false;
    const second = lock.acquire(undefined, 32).then((r) => ((entered = true), r));
    await tick();
    expect(entered).toBe(false);
    first();
    (await second)();
  });

  it('drops a waiter whose caller gave up, without disturbing the queue', async () => {
    const lock = new TurnLock();
    const first = await lock.acquire(undefined, 32);
    const abort = new AbortController();
    const gaveUp = lock.acquire(undefined, 32, abort.signal);
    const after = lock.acquire(undefined, 32);
    abort.abort(new Error('caller left'));
    await expect(gaveUp).rejects.toThrow('caller left');
    first();
    (await after)();
    expect(lock.busy).toBe(false);
  });

  it('ignores a second call of the same release', async () => {
    const lock = new TurnLock();
    const first = await lock.acquire(undefined, 32);
    const second = lock.acquire(undefined, 32);
    first();
    first();
    const release = await second;
    expect(lock.busy).toBe(true);
    release();
    expect(lock.busy).toBe(false);
  });
});
