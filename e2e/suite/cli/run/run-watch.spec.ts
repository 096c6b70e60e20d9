import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempDir } from '@dapr-ts/testing';
import { BackgroundRun, dapr, setUpCliSuite, writeTestApp } from '../cli-harness';

describe('dapr run --watch', () => {
  let run: BackgroundRun | undefined;
  const cli = setUpCliSuite(() => run);

  it('restarts the app, not its sidecar, when a source file changes', async () => {
    const appDir = tempDir('cli-watch-');
    const appPort = await freePort();
    const app = writeTestApp(appDir);
    run = new BackgroundRun(['run', '--watch', '--app-id', 'watched', '--app-port', String(appPort), '--', process.execPath, app], cli(), appDir);
    await run.waitFor(`== APP == listening on ${appPort}`);
    const before = JSON.parse((await dapr(['list', '-o', 'json'], cli())).stdout) as { daprdPid: number; appPid: number }[];

    // Changes under ignored folders do nothing; a change to the app's source restarts it.
    mkdirSync(join(appDir, 'node_modules'));
    writeFileSync(join(appDir, 'node_modules', 'dep.js'), 'x');
    await new Promise((r) => setTimeout(r, 800));
    expect(run.output).not.toContain('changed: restarting');
    appendFileSync(app, '\n// edited\n');
    await run.waitFor('app.js changed: restarting the app');
    await run.waitFor(`== APP == listening on ${appPort}`, 30_000, 2);

    const after = JSON.parse((await dapr(['list', '-o', 'json'], cli())).stdout) as { daprdPid: number; appPid: number }[];
    expect(after[0]?.daprdPid).toBe(before[0]?.daprdPid);
    expect(after[0]?.appPid).not.toBe(before[0]?.appPid);
    const answer = (await (await fetch(`http://127.0.0.1:${appPort}/ping`)).json()) as { appId: string };
    expect(answer.appId).toBe('watched');
    expect(run.output).not.toContain('Exited Dapr');

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('Exited Dapr successfully');
  });
});
