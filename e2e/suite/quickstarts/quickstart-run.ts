import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { CliMain, freePort, tempDir } from '@dapr-ts/testing';

/** Where the quickstarts live: examples/quickstarts/<name>/dapr.yaml. */
export const QuickstartsDir = resolve(__dirname, '../../../examples/quickstarts');


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
  common?: { resourcesPath?: string; appLogDestination?: string; daprdLogDestination?: string; placementHostAddress?: string };
  apps: RunFileApp[];
}

/** How a quickstart runs besides its run file. */
export interface QuickstartOptions {
  /** Environment for the CLI and the apps. */
  env?: Record<string, string>;
  /**
   * The quickstart uses actors: `dapr init` starts placement (on a free port, in the run's own
   * HOME) and the run file's `placementHostAddress` points there; `stop()` uninstalls it again.
   */
  placement?: boolean;
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
 * One quickstart running the way its README says: `dapr run -f` through our built CLI. App output
 * is kept as `== APP - <app-id> == <line>`.
 */
export class QuickstartRun {
  private readonly runFile: RunFile;
  private readonly env: Record<string, string>;
  private placementInitialised = false;
  private readonly lines: string[] = [];
  private cli: ChildProcess | undefined;
  private stopped: Promise<number | null> | undefined;

  private constructor(runFile: RunFile, env: Record<string, string>) {
    this.runFile = runFile;
    this.env = env;
  }

  /** Starts quickstart `name` through the CLI, in a HOME of its own (the user's ~/.dapr stays out of it). */
  static async start(name: string, options: QuickstartOptions = {}): Promise<QuickstartRun> {
    if (!existsSync(CliMain)) throw new Error(`${CliMain} is missing: run \`npx nx run cli:build\` first`);
    const run = new QuickstartRun(await loadRunFile(name), { HOME: tempDir('dapr-home-'), DAPR_REGISTRY_DIR: tempDir('dapr-registry-'), ...options.env });
    if (options.placement) await run.initPlacement();
    run.startCli();
    return run;
  }

  /** `dapr init` with placement on a free port; the run file's placement address follows it. */
  private async initPlacement(): Promise<void> {
    const port = await freePort();
    const init = this.runCommand(['init', '--placement-port', String(port)]);
    if (init.status !== 0) throw new Error(`dapr init failed:\n${init.stdout}${init.stderr}`);
    this.placementInitialised = true;
    this.runFile.common = { ...this.runFile.common, placementHostAddress: `localhost:${port}` };
  }

  /** Runs one CLI command to completion in this run's environment. */
  private runCommand(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const res = spawnSync(process.execPath, [CliMain, ...args], { env: { ...process.env, ...this.env }, encoding: 'utf8' });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  /** Everything printed so far, one entry per line. */
  get output(): string {
    return this.lines.join('\n');
  }

  /** Waits until every expected line was printed; resolves with the ones still missing at the deadline. */
  async waitForLines(expected: readonly string[], timeoutMs = 45_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    // Whole-line match (modulo colours and leading decoration): "Order ID: 1" must not match "Order ID: 10".
    const missing = (): string[] => expected.filter((e) => !this.lines.some((line) => stripAnsi(line).trimEnd().endsWith(e)));
    while (missing().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return missing();
  }

  /** SIGTERM to the CLI, as Ctrl-C would; resolves with its exit code. Then `dapr uninstall` stops placement. */
  stop(): Promise<number | null> {
    const cli = this.cli;
    this.stopped ??= (async () => {
      if (!cli) return null;
      cli.kill('SIGTERM');
      const code = await exitOf(cli);
      if (this.placementInitialised) {
        const uninstall = this.runCommand(['uninstall']);
        if (uninstall.status !== 0) throw new Error(`dapr uninstall failed:\n${uninstall.stdout}${uninstall.stderr}`);
      }
      return code;
    })();
    return this.stopped;
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
    for (const stream of [cli.stdout, cli.stderr]) {
      let rest = '';
      stream?.on('data', (d: Buffer) => {
        const parts = (rest + d.toString()).split('\n');
        rest = parts.pop() ?? '';
        this.lines.push(...parts);
      });
    }
  }
}

/** Registers the suite's hooks: quickstart `name` runs for the whole describe block, then stops. */
export function runQuickstartForSuite(name: string, options: () => QuickstartOptions = () => ({})): () => QuickstartRun {
  let run: QuickstartRun | undefined;
  beforeAll(async () => {
    run = await QuickstartRun.start(name, options());
  });
  afterAll(async () => {
    await run?.stop();
  });
  return () => {
    if (!run) throw new Error(`quickstart ${name} is not running`);
    return run;
  };
}
