import { pause, wakeAt } from './wake-at';

const day = 86_400_000;

describe('wakeAt()', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits past the 24.8-day limit of setTimeout instead of firing at once', () => {
    const fn = jest.fn();
    wakeAt(Date.now() + 30 * day, Date.now, fn);
    jest.advanceTimersByTime(29 * day);
    expect(fn).not.toHaveBeenCalled();
    jest.advanceTimersByTime(day);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fires a past time at once and can be cancelled', () => {
    const past = jest.fn();
    const cancelled = jest.fn();
    wakeAt(Date.now() - 1000, Date.now, past);
    const cancel = wakeAt(Date.now() + 1000, Date.now, cancelled);
    cancel();
    jest.advanceTimersByTime(2000);
    expect(past).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});

describe('pause()', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const paused = pause(60_000, controller.signal);
    controller.abort();
    await paused;
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
