import { freePort, tempDir } from '@dapr-ts/testing';
import { BackgroundRun, dapr, setUpCliSuite, startedPorts, writeTestApp } from '../cli-harness';

describe('dapr run (one app) with list, invoke, publish and stop', () => {
  let run: BackgroundRun | undefined;
  const cli = setUpCliSuite(() => run);

  it('runs the app beside its sidecar until dapr stop, and the other commands find it', async () => {
    const appDir = tempDir('cli-app-');
    const appPort = await freePort();
    run = new BackgroundRun(['run', '--app-id', 'orders', '--app-port', String(appPort), '--', process.execPath, writeTestApp(appDir)], cli(), appDir);
    await run.waitFor("✅  You're up and running! Both Dapr and your app logs will appear here.");
    await run.waitFor(`== APP == listening on ${appPort}`);
    const { httpPort, grpcPort } = startedPorts(run.output, 'orders');
    expect(run.output).toContain(`ℹ️  Starting Dapr with id orders. HTTP Port: ${httpPort}. gRPC Port: ${grpcPort}\n`);
    expect(run.output).toContain('== DAPR == ');

    // list: the table and the JSON both describe the run.
    const json = await dapr(['list', '-o', 'json'], cli());
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ appId: 'orders', httpPort, grpcPort, appPort, command: `${process.execPath} ${appDir}/app.js`, cliPid: run.child.pid, runTemplatePath: '' });
    expect(rows[0]!['daprdPid']).toEqual(expect.any(Number));
    expect(rows[0]!['appPid']).toEqual(expect.any(Number));
    const table = await dapr(['list'], cli());
    expect(table.stdout.split('\n')[0]).toMatch(/^APP ID +HTTP PORT +GRPC PORT +APP PORT +COMMAND +AGE +CREATED +DAPRD PID +CLI PID +APP PID$/);
    expect(table.stdout.split('\n')[1]).toMatch(new RegExp(`^orders +${httpPort} +${grpcPort} +${appPort} `));

    // invoke: the app answers through its sidecar and saw the Dapr env vars.
    const invoked = await dapr(['invoke', '--app-id', 'orders', '--method', 'neworder', '--data', '{"orderId":1}'], cli());
    expect(invoked.code).toBe(0);
    expect(JSON.parse(invoked.stdout.split('\n')[0]!)).toEqual({ method: 'POST', path: '/neworder', appId: 'orders', daprHttpPort: String(httpPort), appPort: String(appPort) });
    expect(invoked.stdout.split('\n')[1]).toBe('✅  App invoked successfully');
    await run.waitFor('== APP == got POST /neworder {"orderId":1}');

    // publish: the app's subscription receives the event as a CloudEvent.
    const published = await dapr(['publish', '--publish-app-id', 'orders', '--pubsub', 'pubsub', '--topic', 'orders', '--data', '{"orderId":7}'], cli());
    expect(published).toEqual({ code: 0, stdout: '✅  Event published successfully\n', stderr: '' });
    await run.waitFor('== APP == got POST /orders {');
    const event = JSON.parse(run.output.split('\n').find((l) => l.startsWith('== APP == got POST /orders '))!.slice('== APP == got POST /orders '.length)) as Record<string, unknown>;
    expect(event).toMatchObject({ data: { orderId: 7 }, topic: 'orders', pubsubname: 'pubsub', source: 'orders' });

    // stop: the run ends cleanly, both processes exit, and list is empty again.
    const stopped = await dapr(['stop', '--app-id', 'orders'], cli());
    expect(stopped).toEqual({ code: 0, stdout: '✅  app stopped successfully: orders\n', stderr: '' });
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('== APP == app stopping\n');
    expect(run.output).toContain('✅  Exited App successfully\n');
    expect(run.output).toContain('✅  Exited Dapr successfully\n');
    expect(await dapr(['list', '-o', 'json'], cli())).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
