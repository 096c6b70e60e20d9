import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort, tempDir } from '@dapr-ts/testing';
import { buildCli, cliEnv, dapr, type CliEnv } from '../cli-harness';

/** What `dapr init` records in ~/.dapr/placement.json. */
interface PlacementRecord {
  pid: number;
  port: number;
  healthzPort: number;
  address: string;
}

function record(env: CliEnv): PlacementRecord {
  return JSON.parse(readFileSync(join(env.home, '.dapr/placement.json'), 'utf8')) as PlacementRecord;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is gone within 10 s (a stopped process may linger briefly until it is reaped). */
async function isGone(pid: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * An app that reports its sidecar's actor runtime from the metadata API, once it is final: DISABLED
 * (no placement address) or connected to placement; after 30 s whatever it is then.
 */
function writeActorProbe(dir: string): string {
  const file = join(dir, 'actor-probe.js');
  writeFileSync(
    file,
    `const url = 'http://127.0.0.1:' + process.env.DAPR_HTTP_PORT + '/v1.0/metadata';
(async () => {
  const deadline = Date.now() + 30000;
  for (;;) {
    const { actorRuntime } = await (await fetch(url)).json();
    const done = actorRuntime.runtimeStatus === 'DISABLED' || actorRuntime.placement === 'placement: connected';
    if (done || Date.now() > deadline) return console.log('actor runtime ' + actorRuntime.runtimeStatus + ' (' + actorRuntime.placement + ')');
    await new Promise((r) => setTimeout(r, 200));
  }
})();
`,
  );
  return file;
}

describe('dapr init with the placement service', () => {
  // Every HOME a test initialised: uninstalled after the suite, so no placement outlives it.
  const homes: CliEnv[] = [];
  const initialised = async (args: string[]): Promise<CliEnv> => {
    const env = cliEnv();
    homes.push(env);
    const res = await dapr(['init', ...args], env);
    if (res.code !== 0) throw new Error(`dapr init ${args.join(' ')} failed:\n${res.stdout}${res.stderr}`);
    return env;
  };

  beforeAll(() => buildCli());
  afterAll(async () => {
    for (const env of homes) await dapr(['uninstall'], env);
  }, 60_000);

  it('starts placement in the background, keeps it on re-init, dapr run connects sidecars to it, and uninstall stops it', async () => {
    const env = cliEnv();
    homes.push(env);
    const port = await freePort();
    const first = await dapr(['init', '--placement-port', String(port)], env);
    expect(first.code).toBe(0);
    const started = record(env);
    expect(started).toMatchObject({ port, address: `localhost:${port}` });
    expect(first.stdout).toContain(
      `ℹ️  Placement service is running on localhost:${port} (pid ${started.pid}, healthz port ${started.healthzPort}); logs: ${env.home}/.dapr/logs/placement.log\n✅  Success!`,
    );
    expect(isAlive(started.pid)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${started.healthzPort}/healthz`)).status).toBe(200);
    expect(readFileSync(join(env.home, '.dapr/logs/placement.log'), 'utf8')).toContain(`Placement service is listening on port ${port}`);

    const again = await dapr(['init', '--placement-port', String(port)], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`ℹ️  Placement service is already running on localhost:${port} (pid ${started.pid})\n`);
    expect(record(env).pid).toBe(started.pid);

    // dapr run: the recorded address by default, none with a blank --placement-host-address.
    const probe = writeActorProbe(tempDir('cli-actors-'));
    const connected = await dapr(['run', '--app-id', 'actor-user', '--', process.execPath, probe], env);
    expect(connected.code).toBe(0);
    expect(connected.stdout).toContain('== APP == actor runtime RUNNING (placement: connected)\n');
    const without = await dapr(['run', '--app-id', 'no-actors', '--placement-host-address', '', '--', process.execPath, probe], env);
    expect(without.stdout).toContain('== APP == actor runtime DISABLED ()\n');

    const removed = await dapr(['uninstall'], env);
    expect(removed).toEqual({ code: 0, stdout: `ℹ️  Stopped the placement service (pid ${started.pid})\n✅  Dapr has been removed successfully (${env.home}/.dapr deleted)\n`, stderr: '' });
    expect(await isGone(started.pid)).toBe(true);
    expect(await isPortFree(port)).toBe(true);
  }, 60_000);

  it('refuses with one line naming the port when another process holds it, and records nothing', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const port = (server.address() as { port: number }).port;
    const env = cliEnv();
    homes.push(env);
    try {
      const res = await dapr(['init', '--placement-port', String(port)], env);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(`❌  port ${port} is already in use, so the placement service cannot start: stop the process using it, or choose another port with 'dapr init --placement-port <port>'\n`);
      expect(existsSync(join(env.home, '.dapr/placement.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  it('starts no placement with --slim; sidecars then get one only from --placement-host-address or the run file', async () => {
    const placementHome = await initialised(['--placement-port', String(await freePort())]);
    const address = record(placementHome).address;
    const env = await initialised(['--slim']);
    expect(existsSync(join(env.home, '.dapr/placement.json'))).toBe(false);

    const dir = tempDir('cli-actors-');
    const probe = writeActorProbe(dir);
    const none = await dapr(['run', '--app-id', 'slim-user', '--', process.execPath, probe], env);
    expect(none.stdout).toContain('== APP == actor runtime DISABLED ()\n');
    const flag = await dapr(['run', '--app-id', 'flag-user', '--placement-host-address', address, '--', process.execPath, probe], env);
    expect(flag.stdout).toContain('== APP == actor runtime RUNNING (placement: connected)\n');

    for (const name of ['common-user', 'no-actors']) mkdirSync(join(dir, name));
    writeFileSync(
      join(dir, 'dapr.yaml'),
      `version: 1
common:
  placementHostAddress: ${address}
apps:
  - appID: common-user
    appDirPath: ./common-user
    command: ["${process.execPath}", "${probe}"]
  - appID: no-actors
    appDirPath: ./no-actors
    placementHostAddress: ""
    command: ["${process.execPath}", "${probe}"]
`,
    );
    const file = await dapr(['run', '-f', 'dapr.yaml'], env, dir);
    expect(file.code).toBe(0);
    expect(file.stderr).toBe('');
    expect(file.stdout).toContain('== APP - common-user == actor runtime RUNNING (placement: connected)\n');
    expect(file.stdout).toContain('== APP - no-actors == actor runtime DISABLED ()\n');
  }, 60_000);

  it('warns when the placement dapr init started is gone, and init starts a new one', async () => {
    const port = await freePort();
    const env = await initialised(['--placement-port', String(port)]);
    const old = record(env);
    process.kill(old.pid, 'SIGKILL');
    expect(await isGone(old.pid)).toBe(true);

    const run = await dapr(['run', '--app-id', 'stale', '--', process.execPath, '-e', '0'], env);
    expect(run.stderr).toContain(`⚠  the placement service 'dapr init' started (pid ${old.pid}) is not running: actors are unavailable until you run 'dapr init' again\n`);

    const again = await dapr(['init', '--placement-port', String(port)], env);
    expect(again.code).toBe(0);
    const restarted = record(env);
    expect(restarted.pid).not.toBe(old.pid);
    expect(again.stdout).toContain(`ℹ️  Placement service is running on localhost:${port} (pid ${restarted.pid}, `);
  }, 60_000);
});
