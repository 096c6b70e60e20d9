import { ConcurrencyLimiter } from './app-channel';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise reaction run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  describe('.run()', () => {
    let started: string[];
    let gates: Record<string, Deferred>;

    beforeEach(() => {
      started = [];
      gates = {};
    });

    /** Work named `name` that records its start and finishes when its gate opens. */
    const work = (name: string) => {
      gates[name] = deferred();
      return async (): Promise<string> => {
        started.push(name);
        await gates[name]!.promise;
        return name;
      };
    };

    it('returns the result of the work', async () => {
      await expect(new ConcurrencyLimiter(1).run(async () => 42)).resolves.toBe(42);
    });

    it('holds a third call back until one of two running calls finishes', async () => {
      const limiter = new ConcurrencyLimiter(2);
      const runs = ['a', 'b', 'c'].map((name) => limiter.run(work(name)));
      await settle();
      expect(started).toEqual(['a', 'b']);
      gates['b']!.resolve();
      await expect(runs[1]).resolves.toBe('b');
      await settle();
      expect(started).toEqual(['a', 'b', 'c']);
      gates['a']!.resolve();
      gates['c']!.resolve();
      await expect(Promise.all(runs)).resolves.toEqual(['a', 'b', 'c']);
    });

    it('starts waiting calls in arrival order', async () => {
      const limiter = new ConcurrencyLimiter(1);
      const runs = ['a', 'b', 'c', 'd'].map((name) => limiter.run(work(name)));
      for (const name of ['a', 'b', 'c', 'd']) {
        await settle();
        gates[name]!.resolve();
      }
      await Promise.all(runs);
      expect(started).toEqual(['a', 'b', 'c', 'd']);
    });

    it('hands a freed slot to the waiting call, not to a newcomer', async () => {
      const limiter = new ConcurrencyLimiter(1);
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const started: string[] = [];
      let running = 0;
      let maxRunning = 0;
      const track = (name: string) => async (): Promise<void> => {
        started.push(name);
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setImmediate(r));
        running--;
      };
      const a = limiter.run(async () => {
        await gate;
      });
      const b = limiter.run(track('B'));
      const c = gate.then(() => limiter.run(track('C')));
      open();
      await Promise.all([a, b, c]);
      expect(started).toEqual(['B', 'C']);
      expect(maxRunning).toBe(1);
    });

    it('frees the slot when the work throws', async () => {
      const limiter = new ConcurrencyLimiter(1);
      const failing = limiter.run(work('a'));
      const next = limiter.run(work('b'));
      gates['a']!.reject(new Error('app failed'));
      await expect(failing).rejects.toThrow('app failed');
      await settle();
      expect(started).toEqual(['a', 'b']);
      gates['b']!.resolve();
      await expect(next).resolves.toBe('b');
    });

    it.each([-1, 0])('runs every call at once when max is %i (unlimited)', async (max) => {
      const limiter = new ConcurrencyLimiter(max);
      const names = ['a', 'b', 'c', 'd', 'e'];
      const runs = names.map((name) => limiter.run(work(name)));
      await settle();
      expect(started).toEqual(names);
      for (const name of names) gates[name]!.resolve();
      await Promise.all(runs);
    });
  });
});
