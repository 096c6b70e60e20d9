import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCliError } from './cli-error';
import { resolveDaprPaths, type DaprPaths } from './dapr-paths';
import { ensurePlacement, isPlacementRunning, readPlacementRecord, stopPlacement, type PlacementRecord } from './placement-service';

const signal = new AbortController().signal;
// A pid far above Linux's default pid_max, so no process has it.
const DeadPid = 2 ** 30;

async function failure(run: () => Promise<unknown>): Promise<string> {
  const err: unknown = await run().catch((e: unknown) => e);
  if (!isCliError(err)) throw new Error(`expected a CliError, got ${String(err)}`);
  return err.message;
}

describe('placement service', () => {
  let paths: DaprPaths;
  const record: PlacementRecord = { pid: DeadPid, port: 50005, healthzPort: 1, metricsPort: 2, address: 'localhost:50005', main: '/x/placement/main.js', logFile: '/x.log', startedAt: '2026-01-01T00:00:00Z' };

  beforeEach(() => {
    paths = resolveDaprPaths(mkdtempSync(join(tmpdir(), 'cli-placement-')), {});
    mkdirSync(paths.daprDir);
  });

  describe('.readPlacementRecord()', () => {
    it('returns the record dapr init wrote', async () => {
      writeFileSync(paths.placementFile, JSON.stringify(record));
      await expect(readPlacementRecord(paths)).resolves.toEqual(record);
    });

    it.each([
      ['missing', undefined],
      ['not JSON', '{oops'],
      ['without a pid', JSON.stringify({ ...record, pid: 'x' })],
    ])('returns undefined when the file is %s', async (_what, text) => {
      if (text !== undefined) writeFileSync(paths.placementFile, text);
      await expect(readPlacementRecord(paths)).resolves.toBeUndefined();
    });
  });

  describe('.isPlacementRunning()', () => {
    it('returns false for a pid no process has', () => {
      expect(isPlacementRunning(record)).toBe(false);
    });

    it('returns false for a live pid that runs something else (a reused pid)', () => {
      expect(isPlacementRunning({ ...record, pid: process.pid })).toBe(false);
    });
  });

  describe('.ensurePlacement()', () => {
    it('throws a CliError saying how to build placement when the bundle is missing', async () => {
      const main = join(paths.daprDir, 'missing/main.js');
      expect(await failure(() => ensurePlacement({ paths, placementMain: main, port: 50005 }, signal))).toBe(
        `the placement service is not built (${main} is missing): build it with 'npx nx run placement:build', or run 'dapr init --slim' to skip it`,
      );
    });

    it('throws a CliError naming the port when another process holds it', async () => {
      const server: Server = createServer();
      await new Promise<void>((resolve) => server.listen(0, resolve));
      const port = (server.address() as { port: number }).port;
      const main = join(paths.daprDir, 'main.js');
      writeFileSync(main, '');
      try {
        expect(await failure(() => ensurePlacement({ paths, placementMain: main, port }, signal))).toBe(
          `port ${port} is already in use, so the placement service cannot start: stop the process using it, or choose another port with 'dapr init --placement-port <port>'`,
        );
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('.stopPlacement()', () => {
    it('returns undefined and forgets a recorded placement that no longer runs', async () => {
      writeFileSync(paths.placementFile, JSON.stringify(record));
      await expect(stopPlacement(paths, signal)).resolves.toBeUndefined();
      await expect(readPlacementRecord(paths)).resolves.toBeUndefined();
    });

    it('returns undefined when dapr init started none', async () => {
      await expect(stopPlacement(paths, signal)).resolves.toBeUndefined();
    });
  });
});
