import { nopLogger, type LogFields, type Logger } from '@dapr-ts/logger';
import { cleanupClaimAgeMs, PeriodicCleanup } from './periodic-cleanup';

/** A logger that keeps `level msg fields` lines. */
function recordingLogger(lines: string[]): Logger {
  const record = (level: string) => (msg: string, fields?: LogFields) => lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { ...nopLogger(), debug: record('debug'), warn: record('warn'), child: () => logger };
  return logger;
}

/** Polls until `check` holds; fails naming `what` after 5 s. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('PeriodicCleanup', () => {
  const cleanups: PeriodicCleanup[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c.stop()));
  });

  const start = async (sweep: (signal: AbortSignal) => Promise<number>, intervalMs = 20, logger = nopLogger()): Promise<PeriodicCleanup> => {
    const cleanup = await PeriodicCleanup.start({ component: 'state.test', intervalMs, logger, sweep });
    cleanups.push(cleanup);
    return cleanup;
  };

  describe('.start()', () => {
    it('has swept once when it resolves, and sweeps again every interval', async () => {
      let sweeps = 0;
      await start(async () => ++sweeps);
      expect(sweeps).toBeGreaterThanOrEqual(1);
      await eventually('three sweeps', () => sweeps >= 3);
    });

    it('logs a failed sweep with its message and keeps sweeping', async () => {
      const lines: string[] = [];
      let sweeps = 0;
      await start(
        async () => {
          sweeps++;
          throw new Error('server gone');
        },
        20,
        recordingLogger(lines),
      );
      expect(lines[0]).toBe('warn state.test: cleanup of expired rows failed {"error":"server gone"}');
      await eventually('a second sweep', () => sweeps >= 2);
    });

    it('logs how many rows a sweep deleted, and nothing when it deleted none', async () => {
      const lines: string[] = [];
      const counts = [0, 3];
      await start(async () => counts.shift() ?? 0, 20, recordingLogger(lines));
      await eventually('the second sweep', () => counts.length === 0);
      await eventually('its log line', () => lines.length > 0);
      expect(lines).toEqual(['debug state.test: deleted expired rows {"count":3}']);
    });

    it('never runs two sweeps at once', async () => {
      let active = 0;
      let most = 0;
      let sweeps = 0;
      await start(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 50));
        active--;
        return ++sweeps;
      }, 5);
      await eventually('three sweeps', () => sweeps >= 3);
      expect(most).toBe(1);
    });
  });

  describe('.stop()', () => {
    it('waits for the sweep under way, and no sweep starts afterwards', async () => {
      let sweeps = 0;
      let finished = 0;
      const cleanup = await start(async () => {
        sweeps++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished++;
        return 0;
      }, 10);
      await eventually('a timed sweep to start', () => sweeps >= 2);
      await cleanup.stop();
      expect(finished).toBe(sweeps);
      const after = sweeps;
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(sweeps).toBe(after);
      await cleanup.stop();
    });
  });
});

describe('cleanupClaimAgeMs()', () => {
  it('is 90% of the interval, in whole milliseconds, and 0 without one', () => {
    expect([cleanupClaimAgeMs(3_600_000), cleanupClaimAgeMs(1001), cleanupClaimAgeMs(undefined)]).toEqual([3_240_000, 900, 0]);
  });
});
