import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { DaprdMain, DaprdProcess, freePort, tempDir } from '@dapr-ts/testing';

/** Where the quickstarts live: examples/quickstarts/<name>/dapr.yaml. */
export const QuickstartsDir = resolve(__dirname, '../../../examples/quickstarts');

/**
 * The built `dapr` CLI (`npx nx run cli:build`, or `$DAPR_CLI_MAIN`); the quickstarts run through
 * it when it exists.
 */
export const CliMain = process.env['DAPR_CLI_MAIN'] || join(dirname(DaprdMain), '../cli/main.js');

/** The part of Dapr's multi-app run file the quickstarts use. */
interface RunFileApp {
  appID: string;
  appDirPath: string;
  appPort?: number;
  daprHTTPPort?: number;
  command: string[];
  env?: Record<string, string>;
}

interface RunFile {
  version: number;
  common?: { resourcesPath?: string; appLogDestination?: string; daprdLogDestination?: string };
  apps: RunFileApp[];
}

/**
 * Reads a quickstart's dapr.yaml with absolute paths and fresh free ports in place of its fixed
 * ones (env values naming a replaced port follow it), so runs never collide with anything else.
 */
async function loadRunFile(name: string): Promise<RunFile> {
  const dir = join(QuickstartsDir, name);
  const runFile = load(readFileSync(join(dir, 'dapr.yaml'), 'utf8')) as RunFile;
  const replaced = new Map<string, string>();
  for (const app of runFile.apps) {
    app.appDirPath = resolve(dir, app.appDirPath);
    for (const key of ['appPort', 'daprHTTPPort'] as const) {
      const fixed = app[key];
      if (fixed === undefined) continue;
      app[key] = await freePort();
      replaced.set(String(fixed), String(app[key]));
    }
  }
  for (const app of runFile.apps) {
    if (app.env) app.env = Object.fromEntries(Object.entries(app.env).map(([k, v]) => [k, replaced.get(v) ?? v]));
  }
  if (runFile.common?.resourcesPath) runFile.common.resourcesPath = resolve(dir, runFile.common.resourcesPath);
  return runFile;
}

/** Resolves with the exit code once `child` ends; SIGKILLs its process group (spawned detached) after `graceMs`. */
async function exitOf(child: ChildProcess, graceMs = 15_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const timer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** ANSI colour sequences (ESC [ … m) removed. */
function stripAnsi(line: string): string {
  return line.replace(/\x1b\[[0-9;]*m/g, '');
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

/**
 * One quickstart running the way its README says: `dapr run -f` through our CLI when it is built,
 * else the same apps and sidecars started directly (DaprdProcess plus the app commands, with the
 * environment `dapr run` injects). App output is kept as `== APP - <app-id> == <line>` either way.
 */
export class QuickstartRun {
  readonly mode: 'cli' | 'direct';
  private readonly runFile: RunFile;
  private readonly env: Record<string, string>;
  private readonly lines: string[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly sidecars: DaprdProcess[] = [];
  private cli: ChildProcess | undefined;

  private constructor(runFile: RunFile, env: Record<string, string>) {
    this.runFile = runFile;
    this.env = env;
    this.mode = existsSync(CliMain) ? 'cli' : 'direct';
  }

  /** Starts quickstart `name`; `env` reaches the CLI (or sidecars) and the apps. */
  static async start(name: string, env: Record<string, string> = {}): Promise<QuickstartRun> {
    const run = new QuickstartRun(await loadRunFile(name), { DAPR_REGISTRY_DIR: tempDir('dapr-registry-'), ...env });
    if (run.mode === 'cli') run.startCli();
    else await run.startDirect();
    return run;
  }

  /** Everything printed so far, one entry per line (daprd logs too in direct mode, for failures). */
  get output(): string {
    return [...this.lines, ...this.sidecars.map((d) => d.logs)].join('\n');
  }

  /** Waits until every expected line was printed; resolves with the ones still missing at the deadline. */
  async waitForLines(expected: readonly string[], timeoutMs = 45_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    // Whole-line match (modulo colours and leading decoration): "Order ID: 1" must not match "Order ID: 10".
    const missing = (): string[] => expected.filter((e) => !this.lines.some((line) => stripAnsi(line).trimEnd().endsWith(e)));
    while (missing().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return missing();
  }

  /** SIGTERM to the run; resolves with the exit codes of the CLI, or of the sidecars in direct mode. */
  async stop(): Promise<(number | null)[]> {
    if (this.cli) {
      this.cli.kill('SIGTERM');
      return [await exitOf(this.cli)];
    }
    for (const child of this.children) child.kill('SIGTERM');
    await Promise.all(this.children.map((child) => exitOf(child)));
    return Promise.all(this.sidecars.map((d) => d.cleanup()));
  }

  /** App and fixed sidecar ports of the run file still bound by someone: none after a clean stop. */
  async busyPorts(): Promise<number[]> {
    const ports = this.runFile.apps.flatMap((a) => [a.appPort, a.daprHTTPPort]).filter((p): p is number => p !== undefined);
    const free = await Promise.all(ports.map(isFree));
    return ports.filter((_, i) => !free[i]);
  }

  private startCli(): void {
    const file = join(tempDir('dapr-run-'), 'dapr.yaml');
    // Console only: log files would land in the example folders (<appDir>/.dapr/logs).
    writeFileSync(file, dump({ ...this.runFile, common: { ...this.runFile.common, appLogDestination: 'console', daprdLogDestination: 'console' } }));
    // Own process group, so a CLI that ignores SIGTERM can still be stopped with everything it started.
    const cli = spawn(process.execPath, [CliMain, 'run', '-f', file], { env: { ...process.env, ...this.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.cli = cli;
    this.collect(cli, '');
  }

  private async startDirect(): Promise<void> {
    const resourcesPaths = this.runFile.common?.resourcesPath ? [this.runFile.common.resourcesPath] : [];
    for (const app of this.runFile.apps) {
      const daprd = new DaprdProcess({ appId: app.appID, ...(app.appPort ? { appPort: app.appPort } : {}), resourcesPaths, registryDir: this.env['DAPR_REGISTRY_DIR'] ?? '', env: this.env });
      if (app.daprHTTPPort) daprd.httpPort = app.daprHTTPPort;
      this.sidecars.push(daprd);
      await daprd.run();
    }
    await Promise.all(this.sidecars.map((d) => d.waitUntilRunning()));
    this.runFile.apps.forEach((app, i) => {
      const daprd = this.sidecars[i]!;
      const [command = 'node', ...args] = app.command;
      const child = spawn(command === 'node' ? process.execPath : command, args, {
        cwd: app.appDirPath,
        env: {
          ...process.env,
          ...this.env,
          ...app.env,
          APP_ID: app.appID,
          ...(app.appPort ? { APP_PORT: String(app.appPort) } : {}),
          DAPR_HTTP_PORT: String(daprd.httpPort),
          DAPR_GRPC_PORT: String(daprd.grpcPort),
        },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.children.push(child);
      this.collect(child, `== APP - ${app.appID} == `);
    });
  }

  private collect(child: ChildProcess, prefix: string): void {
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.on('data', (d: Buffer) => {
        const parts = (rest + d.toString()).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) this.lines.push(prefix + line);
      });
    }
  }
}
