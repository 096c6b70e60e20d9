import { spawnSync } from 'node:child_process';
import { freePort, tempDir } from '@dapr-ts/testing';
import { CliMain, buildCli, cliEnv, dapr, writeTestApp, type CliEnv } from '../cli-harness';

/**
 * The Ctrl-C path as a user meets it: `dapr run` in a real terminal (a tmux pane), then Ctrl-C typed
 * into it. The terminal sends SIGINT to the whole foreground process group, not just the CLI, which
 * is what a plain `kill` in the other suites cannot reproduce.
 */
describe('dapr run in a terminal', () => {
  const socket = `dapr-e2e-${process.pid}`;
  const session = 'run';
  let env: CliEnv;

  const tmux = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const res = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    if (res.error) throw new Error(`tmux is needed for this test and could not run: ${res.error.message}`);
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  const pane = (): string => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session).stdout;
  const waitForPane = async (text: string, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!pane().includes(text)) {
      if (Date.now() > deadline) throw new Error(`the terminal never showed "${text}":\n${pane()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    buildCli();
    env = cliEnv();
    // Slim: these tests need ~/.dapr, not a placement service on the machine's 50005.
    expect((await dapr(['init', '--slim'], env)).code).toBe(0);
  });
  afterAll(() => {
    tmux('kill-server');
  });

  it('stops the app and its sidecar on Ctrl-C and returns to the shell', async () => {
    const appDir = tempDir('cli-tty-app-');
    const appPort = await freePort();
    const command = [
      `cd ${appDir} &&`,
      `HOME=${env.home} DAPR_REGISTRY_DIR=${env.registryDir}`,
      `${process.execPath} ${CliMain} run --app-id tty --app-port ${appPort} -- ${process.execPath} ${writeTestApp(appDir)};`,
      'echo "EXIT=$?"; sleep 60',
    ].join(' ');
    expect(tmux('new-session', '-d', '-s', session, '-x', '220', '-y', '50', command).status).toBe(0);
    await waitForPane(`== APP == listening on ${appPort}`);
    await waitForPane("You're up and running!");

    tmux('send-keys', '-t', session, 'C-c');
    await waitForPane('EXIT=');
    const text = pane();
    expect(text).toContain('EXIT=0');
    expect(text).toContain('Exited App successfully');
    expect(text).toContain('Exited Dapr successfully');
    expect(await dapr(['list', '-o', 'json'], env)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    // The app's port is free again: nothing was left running.
    const probe = await fetch(`http://127.0.0.1:${appPort}/`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(probe).toBe('refused');
  });
});
