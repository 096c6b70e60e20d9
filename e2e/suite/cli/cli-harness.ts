import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliMain, tempDir } from '@dapr-ts/testing';

export { CliMain };


/** The suite drives the built CLI, like a user; `nx run e2e:e2e` builds it first (dependsOn cli:build). */
export function buildCli(): void {
  if (!existsSync(CliMain)) throw new Error(`${CliMain} is missing: run \`npx nx run cli:build\` (or \`npm run build\`) first`);
}

/** A user's machine: a temp HOME (for ~/.dapr) and a temp sidecar registry. */
export interface CliEnv {
  home: string;
  registryDir: string;
  env: NodeJS.ProcessEnv;
}

export function cliEnv(): CliEnv {
  const home = tempDir('cli-home-');
  const registryDir = tempDir('cli-reg-');
  return { home, registryDir, env: { ...process.env, HOME: home, DAPR_REGISTRY_DIR: registryDir } };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dapr <args>` to completion. */
export async function dapr(args: string[], env: CliEnv, cwd?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [CliMain, ...args], { env: env.env, cwd: cwd ?? env.home, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** A long-running `dapr run` in the background, with its output kept for assertions. */
export class BackgroundRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private text = '';

  constructor(args: string[], env: CliEnv, cwd?: string) {
    // Own process group: cleanup can stop the CLI together with the daprd it started.
    this.child = spawn(process.execPath, [CliMain, ...args], { env: env.env, cwd: cwd ?? env.home, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child.stdout?.on('data', (d: Buffer) => (this.text += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.text += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  get output(): string {
    return this.text;
  }

  /** Resolves once `needle` appears in the output; fails with the output when the run ends first. */
  async waitFor(needle: string, timeoutMs = 30_000, times = 1): Promise<void> {
    let done = false;
    void this.exited.then(() => (done = true));
    const deadline = Date.now() + timeoutMs;
    while (this.text.split(needle).length - 1 < times) {
      if (done) throw new Error(`dapr exited before printing ${JSON.stringify(needle)}:\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(needle)} within ${timeoutMs} ms:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Test cleanup after a failure: SIGTERM (the CLI stops its app and sidecar), then SIGKILL to the
   * CLI's whole process group if it is still alive after 5 s, so no daprd outlives the test.
   */
  async kill(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * A tiny HTTP app: answers every request with JSON describing it and the Dapr env it got,
 * subscribes to `pubsub`/`orders`, and logs each request as `got <METHOD> <path> <body>`.
 */
export function writeTestApp(dir: string): string {
  const file = join(dir, 'app.js');
  writeFileSync(
    file,
    `const http = require('node:http');
const port = Number(process.env.APP_PORT);
http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    console.log('got ' + req.method + ' ' + req.url + ' ' + body);
    res.setHeader('content-type', 'application/json');
    if (req.url === '/dapr/subscribe') return res.end(JSON.stringify([{ pubsubname: 'pubsub', topic: 'orders', route: '/orders' }]));
    res.end(JSON.stringify({ method: req.method, path: req.url, appId: process.env.APP_ID, daprHttpPort: process.env.DAPR_HTTP_PORT, appPort: process.env.APP_PORT, greeting: process.env.GREETING }));
  });
}).listen(port, '127.0.0.1', () => console.log('listening on ' + port));
process.on('SIGTERM', () => { console.log('app stopping'); process.exit(0); });
`,
  );
  return file;
}

/** The sidecar ports a run printed in its `Started Dapr with app id` line. */
export function startedPorts(output: string, appId: string): { httpPort: number; grpcPort: number } {
  const match = new RegExp(`Started Dapr with app id "${appId}"\\. HTTP Port: (\\d+)\\. gRPC Port: (\\d+)`).exec(output);
  if (!match) throw new Error(`no start line for ${appId} in:\n${output}`);
  return { httpPort: Number(match[1]), grpcPort: Number(match[2]) };
}

/**
 * The usual suite setup: the built CLI, `dapr init --slim` in a fresh temp HOME before the suite, and the
 * background run of each test killed after it. Returns the suite's environment.
 */
export function setUpCliSuite(currentRun: () => BackgroundRun | undefined): () => CliEnv {
  let env: CliEnv | undefined;
  beforeAll(async () => {
    buildCli();
    env = cliEnv();
    // Slim: run suites need ~/.dapr, not a placement service on the machine's 50005 (init-placement covers that).
    const init = await dapr(['init', '--slim'], env);
    if (init.code !== 0) throw new Error(`dapr init failed:\n${init.stdout}${init.stderr}`);
  });
  afterEach(async () => currentRun()?.kill());
  return () => {
    if (!env) throw new Error('the CLI suite environment is only ready inside tests');
    return env;
  };
}
