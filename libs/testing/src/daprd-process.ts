import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';

export interface DaprdProcessOptions {
  appId: string;
  appPort?: number;
  appProtocol?: 'http' | 'grpc';
  resourcesPaths?: string[];
  config?: string;
  /** Shared by the sidecars of one test so they find each other, isolated from other tests. */
  registryDir: string;
  env?: Record<string, string>;
  args?: string[];
  logLevel?: string;
}

/** The checkout's root: the nearest folder up from here holding nx.json (works from bundles too). */
function workspaceRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  return process.cwd();
}

/** Path of the built sidecar; e2e runs against `npm run build` output like users do. */
export const DaprdMain = join(workspaceRoot(), 'dist/apps/daprd/main.js');

/** Path of the built `dapr` CLI (`npx nx run cli:build`); e2e drives it as users do. */
export const CliMain = join(workspaceRoot(), 'dist/apps/cli/main.js');

/**
 * A daprd child process with dynamic ports, modelled on Dapr's integration framework
 * (`run`, `waitUntilRunning`, `cleanup`). Output is kept for assertions and failure reports.
 */
export class DaprdProcess {
  httpPort = 0;
  grpcPort = 0;
  internalPort = 0;
  private child: ChildProcess | undefined;
  private output = '';
  private exited: Promise<number | null> | undefined;
  /** Ports this wrapper picked (not the caller): they may be re-picked when another process took one first. */
  private readonly autoPorts = new Set<'httpPort' | 'grpcPort'>();
  private portRetries = 0;

  private readonly options: DaprdProcessOptions;

  constructor(options: DaprdProcessOptions) {
    this.options = options;
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async run(): Promise<void> {
    if (!existsSync(DaprdMain)) throw new Error(`${DaprdMain} is missing: run \`npm run build\` first`);
    if (!this.httpPort) this.autoPorts.add('httpPort');
    if (!this.grpcPort) this.autoPorts.add('grpcPort');
    this.httpPort ||= await freePort();
    this.grpcPort ||= await freePort();
    const o = this.options;
    const args = [
      DaprdMain,
      '--app-id', o.appId,
      '--dapr-http-port', String(this.httpPort),
      '--dapr-grpc-port', String(this.grpcPort),
      // 0: daprd binds a free port itself, so this one can't race with other processes.
      '--dapr-internal-grpc-port', String(this.internalPort),
      '--log-level', o.logLevel ?? 'info',
      ...(o.appPort ? ['--app-port', String(o.appPort)] : []),
      ...(o.appProtocol ? ['--app-protocol', o.appProtocol] : []),
      ...(o.resourcesPaths ?? []).flatMap((p) => ['--resources-path', p]),
      ...(o.config ? ['--config', o.config] : []),
      ...(o.args ?? []),
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, DAPR_REGISTRY_DIR: o.registryDir, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  /** Waits until `GET /v1.0/healthz/outbound` answers 204 (APIs up), or the process exits. */
  async waitUntilRunning(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited?.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        // A port picked by freePort() can be taken by someone else before daprd binds it
        // (outgoing connections use the same ephemeral range): pick fresh ones and start again.
        if (this.output.includes('EADDRINUSE') && this.autoPorts.size > 0 && this.portRetries < 3) {
          this.portRetries++;
          for (const port of this.autoPorts) this[port] = 0;
          this.output = '';
          exitCode = undefined;
          await this.run();
          void this.exited?.then((code) => (exitCode = code));
          continue;
        }
        throw new Error(`daprd ${this.options.appId} exited with code ${exitCode}:\n${this.output}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${this.httpPort}/v1.0/healthz/outbound`);
        if (res.status === 204) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`daprd ${this.options.appId} did not become ready in ${timeoutMs} ms:\n${this.output}`);
  }

  /** Waits for full readiness (`/v1.0/healthz` 204: app channel up too). */
  async waitUntilAppReady(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await fetch(`http://127.0.0.1:${this.httpPort}/v1.0/healthz`).catch(() => undefined);
      if (res?.status === 204) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`daprd ${this.options.appId} app channel not ready in ${timeoutMs} ms:\n${this.output}`);
  }

  /** Resolves with the exit code once the process ends. */
  async exitCode(): Promise<number | null> {
    return (await this.exited) ?? null;
  }

  async cleanup(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    const code = await this.exitCode();
    clearTimeout(timer);
    return code;
  }
}
