import { freePort, tempDir } from '@dapr-ts/testing';
import { BackgroundRun, dapr, setUpCliSuite, writeTestApp } from '../cli-harness';

describe('dapr run lifecycle', () => {
  let run: BackgroundRun | undefined;
  const cli = setUpCliSuite(() => run);

  it.each(['SIGINT', 'SIGTERM'] as const)('stops app and sidecar cleanly on %s and exits with the app exit code', async (signal) => {
    const appDir = tempDir('cli-app-');
    const appPort = await freePort();
    run = new BackgroundRun(['run', '--app-id', 'sig', '--app-port', String(appPort), '--', process.execPath, writeTestApp(appDir)], cli(), appDir);
    await run.waitFor(`== APP == listening on ${appPort}`);
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('== APP == app stopping\n');
    // The app goes first, so it can finish calls to its sidecar.
    expect(run.output.indexOf('✅  Exited App successfully\n')).toBeGreaterThan(0);
    expect(run.output.indexOf('✅  Exited Dapr successfully\n')).toBeGreaterThan(run.output.indexOf('✅  Exited App successfully\n'));
    expect(await dapr(['list', '-o', 'json'], cli())).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('exits with the app exit code and stops the sidecar when the app ends by itself', async () => {
    run = new BackgroundRun(['run', '--app-id', 'quitter', '--', process.execPath, '-e', "console.log('bye'); process.exitCode = 3"], cli());
    expect(await run.exited).toBe(3);
    expect(run.output).toContain('== APP == bye\n');
    expect(run.output).toContain('❌  The app exited with code 3: see its == APP == output above\n');
    expect(run.output).toContain('✅  Exited Dapr successfully\n');
    expect(await dapr(['list', '-o', 'json'], cli())).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('exits 0 when the app finishes successfully', async () => {
    run = new BackgroundRun(['run', '--app-id', 'oneshot', '--', process.execPath, '-e', 'console.log(process.env.APP_ID, typeof process.env.DAPR_GRPC_PORT)'], cli());
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('== APP == oneshot string\n');
    expect(run.output).toContain('✅  Exited App successfully\n');
  });

  it('runs only the sidecar when no command is given, until stopped', async () => {
    run = new BackgroundRun(['run', '--app-id', 'sidecar-only'], cli());
    await run.waitFor("✅  You're up and running! Dapr logs will appear here.");
    const list = JSON.parse((await dapr(['list', '-o', 'json'], cli())).stdout) as { appId: string; command: string; appPid: number }[];
    expect(list.map((r) => [r.appId, r.command, r.appPid])).toEqual([['sidecar-only', '', 0]]);
    expect(await dapr(['stop', '-a', 'sidecar-only'], cli())).toMatchObject({ code: 0 });
    expect(await run.exited).toBe(0);
  });
});
