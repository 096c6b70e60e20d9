import { Readiness } from './readiness';

type Step = 'outbound' | 'app' | 'stopping';

function readiness(needsApp: boolean, steps: readonly Step[]): Readiness {
  const r = new Readiness(needsApp);
  for (const step of steps) {
    if (step === 'outbound') r.markOutboundReady();
    else if (step === 'app') r.markAppReady();
    else r.markStopping();
  }
  return r;
}

describe('Readiness', () => {
  describe('.isReady()', () => {
    it.each<[boolean, Step[], boolean]>([
      [true, [], false],
      [true, ['outbound'], false],
      [true, ['app'], false],
      [true, ['outbound', 'app'], true],
      [true, ['app', 'outbound'], true],
      [true, ['outbound', 'app', 'stopping'], false],
      [false, [], false],
      [false, ['outbound'], true],
      [false, ['outbound', 'stopping'], false],
      [false, ['stopping', 'outbound'], false],
    ])('with needsApp=%j after %j returns %j', (needsApp, steps, expected) => {
      expect(readiness(needsApp, steps).isReady()).toBe(expected);
    });
  });

  describe('.isOutboundReady()', () => {
    it.each<[boolean, Step[], boolean]>([
      [true, [], false],
      [true, ['app'], false],
      [true, ['outbound'], true],
      [false, ['outbound'], true],
      [true, ['outbound', 'stopping'], false],
      [true, ['stopping', 'outbound'], false],
    ])('with needsApp=%j after %j returns %j', (needsApp, steps, expected) => {
      expect(readiness(needsApp, steps).isOutboundReady()).toBe(expected);
    });
  });
});
