import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempDir } from '@dapr-ts/testing';
import { BackgroundRun, dapr, setUpCliSuite, writeTestApp } from '../cli-harness';

describe('dapr run -f (multi-app run file)', () => {
  let run: BackgroundRun | undefined;
  const cli = setUpCliSuite(() => run);

  it('runs both apps with per-app prefixes, list shows them, and dapr stop -f stops the whole run', async () => {
    const root = tempDir('cli-runfile-');
    for (const name of ['front', 'back']) {
      mkdirSync(join(root, name));
      writeTestApp(join(root, name));
    }
    const [frontPort, backPort] = [await freePort(), await freePort()];
    writeFileSync(join(root, 'shared.env'), 'GREETING=from-env-file\n');
    writeFileSync(
      join(root, 'dapr.yaml'),
      `version: 1
common:
  envFile: shared.env
apps:
  - appID: front
    appDirPath: ./front
    appPort: ${frontPort}
    command: ["${process.execPath}", "app.js"]
  - appID: back
    appDirPath: ./back
    appPort: ${backPort}
    env:
      GREETING: from-app
    daprdLogDestination: console
    command: ["${process.execPath}", "app.js"]
`,
    );
    run = new BackgroundRun(['run', '-f', 'dapr.yaml'], cli(), root);
    await run.waitFor(`== APP - front == listening on ${frontPort}`);
    await run.waitFor(`== APP - back == listening on ${backPort}`);
    expect(run.output).toContain('ℹ️  Validating config and starting app "front"\n');
    expect(run.output).toContain('== DAPR - back == ');
    // front's daprd logs go to its log folder, as the Go CLI does by default.
    expect(run.output).not.toContain('== DAPR - front == ');
    expect(readdirSync(join(root, 'front/.dapr/logs')).map((f) => f.replace(/\d{14}/, 'T')).sort()).toEqual(['front_app_T.log', 'front_daprd_T.log']);

    const rows = JSON.parse((await dapr(['list', '-o', 'json'], cli())).stdout) as { appId: string; appPort: number; runTemplatePath: string; cliPid: number }[];
    expect(rows.map((r) => [r.appId, r.appPort, r.runTemplatePath, r.cliPid]).sort()).toEqual([
      ['back', backPort, join(root, 'dapr.yaml'), run.child.pid],
      ['front', frontPort, join(root, 'dapr.yaml'), run.child.pid],
    ]);

    const front = await dapr(['invoke', '-a', 'front', '-m', 'hello', '-v', 'GET'], cli());
    expect(JSON.parse(front.stdout.split('\n')[0]!)).toMatchObject({ appId: 'front', greeting: 'from-env-file' });
    const back = await dapr(['invoke', '-a', 'back', '-m', 'hello', '-v', 'GET'], cli());
    expect(JSON.parse(back.stdout.split('\n')[0]!)).toMatchObject({ appId: 'back', greeting: 'from-app' });

    const stopped = await dapr(['stop', '-f', '.'], cli(), root);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout.split('\n').sort()).toEqual(['', '✅  app stopped successfully: back', '✅  app stopped successfully: front']);
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('✅  Exited App "front" successfully\n');
    expect(run.output).toContain('✅  Exited Dapr "back" successfully\n');
    expect(await dapr(['list', '-o', 'json'], cli())).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('refuses an invalid run file with one line naming the key', async () => {
    const root = tempDir('cli-runfile-');
    writeFileSync(join(root, 'dapr.yaml'), 'version: 1\napps:\n  - appID: x\n');
    const res = await dapr(['run', '-f', 'dapr.yaml'], cli(), root);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`❌  ${join(root, 'dapr.yaml')}: apps[0].appDirPath: is required\n`);
  });
});
