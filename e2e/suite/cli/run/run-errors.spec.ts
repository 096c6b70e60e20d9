import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@dapr-ts/testing';
import { buildCli, cliEnv, dapr, type CliEnv } from '../cli-harness';

/** The one `❌` line a failed command printed. */
function failureLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('❌'));
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe('dapr run errors', () => {
  let env: CliEnv;

  beforeAll(async () => {
    buildCli();
    env = cliEnv();
    // Slim: these tests need ~/.dapr, not a placement service on the machine's 50005.
    expect((await dapr(['init', '--slim'], env)).code).toBe(0);
  });

  it('reports a Dapr port already in use and exits 1', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const res = await dapr(['run', '--app-id', 'busy', '--dapr-http-port', String(port), '--', process.execPath, '-e', '1'], env);
      expect(res.code).toBe(1);
      expect(failureLine(res.stderr)).toBe(`❌  port ${port} is already in use (--dapr-http-port): stop the process using it or choose another port with --dapr-http-port`);
    } finally {
      server.close();
    }
  });

  it('reports an app command that does not exist, stops the sidecar and exits 1', async () => {
    const res = await dapr(['run', '--app-id', 'nocmd', '--', 'no-such-command-dapr-e2e'], env);
    expect(res.code).toBe(1);
    expect(failureLine(res.stderr)).toBe(`❌  app command "no-such-command-dapr-e2e" was not found: check the command after '--' and your PATH`);
    expect(res.stdout).toContain('✅  Exited Dapr successfully\n');
    expect(await dapr(['list', '-o', 'json'], env)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('reports daprd failing to start with its reason and exits 1', async () => {
    const resources = tempDir('cli-bad-res-');
    writeFileSync(join(resources, 'bad.yaml'), 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: broken\nspec:\n  type: state.nosuch\n  version: v1\n');
    const res = await dapr(['run', '--app-id', 'broken', '--resources-path', resources, '--', process.execPath, '-e', '1'], env);
    expect(res.code).toBe(1);
    expect(failureLine(res.stderr)).toMatch(
      new RegExp(`^❌  daprd for app "broken" failed to start \\(exit code 1\\): Fatal error from runtime: ${resources}/bad\\.yaml: Component "broken": spec\\.type: unknown component type state\\.nosuch/v1; known types: state\\.in-memory/v1(, state\\.[a-z]+/v1)*; fix the cause \\(see the == DAPR == lines above\\) and run again$`),
    );
  });

  it('reports an app that exits early with its exit code', async () => {
    const res = await dapr(['run', '--app-id', 'crash', '--', process.execPath, '-e', "console.error('cannot connect'); process.exit(2)"], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('== APP == cannot connect\n');
    expect(failureLine(res.stderr)).toBe('❌  The app exited with code 2: see its == APP == output above');
  });

  it('reports invoke, publish and stop of an app that is not running', async () => {
    const invoke = await dapr(['invoke', '--app-id', 'ghost', '--method', 'x'], env);
    expect(invoke).toEqual({ code: 1, stdout: '', stderr: `❌  couldn't find a running app with id "ghost": start it with 'dapr run --app-id ghost ...' or check 'dapr list'\n` });
    const publish = await dapr(['publish', '--publish-app-id', 'ghost', '--pubsub', 'pubsub', '--topic', 't', '--data', '{}'], env);
    expect(publish.code).toBe(1);
    const stop = await dapr(['stop', '--app-id', 'ghost'], env);
    expect(stop).toEqual({ code: 1, stdout: '', stderr: `❌  couldn't find a running app with id "ghost": check 'dapr list'\n` });
  });
});
