import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DaprdMain } from './daprd-process';
import { freePort } from './free-port';

/** Path of the built placement service (`npx nx run placement:build`). */
export const PlacementMain = join(DaprdMain, '../../placement/main.js');

export interface PlacementProcessOptions {
  args?: string[];
  /** Reuse a port, e.g. to restart placement where sidecars expect it. */
  port?: number;
}

/** A placement child process on free ports; `address` is what daprd's `--placement-host-address` takes. */
export class PlacementProcess {
  port = 0;
  healthzPort = 0;
  metricsPort = 0;
  private child: ChildProcess | undefined;
  private output = '';
  private exited: Promise<number | null> | undefined;
  private readonly options: PlacementProcessOptions;

  constructor(options: PlacementProcessOptions = {}) {
    this.options = options;
    this.port = options.port ?? 0;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  async run(): Promise<void> {
    if (!existsSync(PlacementMain)) throw new Error(`${PlacementMain} is missing: run \`npx nx run placement:build\` first`);
    this.port ||= await freePort();
    this.healthzPort = await freePort();
    this.metricsPort = await freePort();
    this.output = '';
    const args = [PlacementMain, '--port', String(this.port), '--healthz-port', String(this.healthzPort), '--metrics-port', String(this.metricsPort), '--metadata-enabled=true', ...(this.options.args ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Waits for `GET /healthz` 200 on the healthz port. */
  async waitUntilRunning(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited?.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`placement exited with code ${exitCode}:\n${this.output}`);
      const res = await fetch(`http://127.0.0.1:${this.healthzPort}/healthz`).catch(() => undefined);
      if (res?.status === 200) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`placement did not become ready in ${timeoutMs} ms:\n${this.output}`);
  }

  /** `GET /placement/state` (metadata is enabled for tests). */
  async state(): Promise<{ hostList: { name: string; appId: string; actorTypes: string[]; namespace: string }[]; tableVersion: number }> {
    const res = await fetch(`http://127.0.0.1:${this.healthzPort}/placement/state`);
    return (await res.json()) as { hostList: { name: string; appId: string; actorTypes: string[]; namespace: string }[]; tableVersion: number };
  }

  async cleanup(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code ?? null;
  }
}
