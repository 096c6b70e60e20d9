import { InFlight } from './in-flight';

describe('InFlight', () => {
  describe('.drain()', () => {
    it('resolves true at once when nothing runs', async () => {
      expect(await new InFlight().drain(1000)).toBe(true);
    });

    it('resolves true when the running work finishes', async () => {
      const inFlight = new InFlight();
      let finish: () => void = () => undefined;
      const work = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
      expect(inFlight.size).toBe(1);
      const drained = inFlight.drain(10_000);
      finish();
      await work;
      expect([await drained, inFlight.size]).toEqual([true, 0]);
    });

    it('resolves false when the work outlasts the timeout', async () => {
      const inFlight = new InFlight();
      void inFlight.track(() => new Promise<void>(() => undefined));
      expect(await inFlight.drain(5)).toBe(false);
    });
  });
});
