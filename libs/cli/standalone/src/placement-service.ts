import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '@dapr-ts/kit';
import { CliError } from './cli-error';
import type { DaprPaths } from './dapr-paths';
import { lastErrorMessage } from './last-error-message';
import { freePort, isPortFree } from './ports';
import { isProcessAlive } from './sidecar-registry';
import { stopProcesses } from './stop-processes';

/** Placement's gRPC port in self-hosted Dapr (the Go CLI's dapr_placement container: 50005). */
export const DefaultPlacementPort = 50005;

/** What `dapr init` records about the placement service it started, in `~/.dapr/placement.json`. */
export interface PlacementRecord {
  pid: number;
  /** gRPC port sidecars connect to. */
  port: number;
  healthzPort: number;
  metricsPort: number;
  /** What `dapr run` passes to daprd as `--placement-host-address`. */
  address: string;
  /** The bundle the process runs; with the pid it identifies the process (pids get reused). */
  main: string;
  logFile: string;
  startedAt: string;
}

/** The recorded placement service and whether it still runs. */
export interface PlacementStatus {
  record: PlacementRecord;
  running: boolean;
}

export interface EnsurePlacementOptions {
  paths: DaprPaths;
  /** The built service, `dist/apps/placement/main.js`. */
  placementMain: string;
  port: number;
  readyTimeoutMs?: number;
}

/** The outcome of `ensurePlacement`: a new process, or the one a previous `dapr init` started. */
export interface EnsuredPlacement {
  record: PlacementRecord;
  reused: boolean;
}

const DefaultReadyTimeoutMs = 30_000;

function isPlacementRecord(value: unknown): value is PlacementRecord {
  const v = value as Partial<PlacementRecord> | null;
  return typeof v === 'object' && v !== null && typeof v.pid === 'number' && typeof v.port === 'number' && typeof v.healthzPort === 'number' && typeof v.address === 'string' && typeof v.main === 'string';
}

/** The record `dapr init` wrote, or undefined when there is none (or it is not ours). */
export async function readPlacementRecord(paths: DaprPaths): Promise<PlacementRecord | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(paths.placementFile, 'utf8'));
    return isPlacementRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the recorded process still runs the placement bundle. Where /proc exists the command
 * line must name the bundle, so a reused pid is never mistaken for placement (and never signalled).
 */
export function isPlacementRunning(record: PlacementRecord): boolean {
  if (!isProcessAlive(record.pid)) return false;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0').includes(record.main);
  } catch {
    return false;
  }
}

/** The recorded placement service and whether it runs; undefined when `dapr init` started none. */
export async function placementStatus(paths: DaprPaths): Promise<PlacementStatus | undefined> {
  const record = await readPlacementRecord(paths);
  return record && { record, running: isPlacementRunning(record) };
}

async function isHealthy(healthzPort: number, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${healthzPort}/healthz`, { signal: AbortSignal.any([signal, AbortSignal.timeout(1000)]) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * `dapr init`'s placement service: reuses the one a previous init started while it runs, else
 * starts `node <placementMain> --port <port>` detached (healthz and metrics on free ports, output
 * appended to `~/.dapr/logs/placement.log`), waits for `GET /healthz` 200 and records it.
 * Throws a one-line CliError when the bundle is missing, the port is taken or start-up fails.
 */
export async function ensurePlacement(options: EnsurePlacementOptions, signal: AbortSignal): Promise<EnsuredPlacement> {
  const { paths, placementMain, port } = options;
  const timeoutMs = options.readyTimeoutMs ?? DefaultReadyTimeoutMs;
  const current = await placementStatus(paths);
  if (current?.running) {
    await waitHealthy(current.record, () => undefined, timeoutMs, signal);
    return { record: current.record, reused: true };
  }
  if (!existsSync(placementMain)) {
    throw new CliError(`the placement service is not built (${placementMain} is missing): build it with 'npx nx run placement:build', or run 'dapr init --slim' to skip it`);
  }
  if (!(await isPortFree(port))) {
    throw new CliError(`port ${port} is already in use, so the placement service cannot start: stop the process using it, or choose another port with 'dapr init --placement-port <port>'`);
  }
  const healthzPort = await freePort();
  const metricsPort = await freePort();
  await mkdir(paths.logsDir, { recursive: true });
  const logFile = join(paths.logsDir, 'placement.log');
  const logStart = fileSize(logFile);
  const out = openSync(logFile, 'a');
  const args = [placementMain, '--port', String(port), '--healthz-port', String(healthzPort), '--metrics-port', String(metricsPort)];
  // Detached with its output in a file: it outlives this CLI, like the Go CLI's placement container.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const pid = child.pid;
  if (pid === undefined) throw new CliError(`the placement service could not be started (${process.execPath} ${args.join(' ')}): see ${logFile}`);
  const record: PlacementRecord = { pid, port, healthzPort, metricsPort, address: `localhost:${port}`, main: placementMain, logFile, startedAt: new Date().toISOString() };
  try {
    await waitHealthy(record, () => exitCode, timeoutMs, signal);
  } catch (err) {
    if (exitCode === undefined) child.kill('SIGKILL');
    if (signal.aborted) throw err;
    const reason = lastErrorMessage(readFileSync(logFile, 'utf8').slice(logStart));
    const what = exitCode !== undefined ? `exited during start-up (exit code ${exitCode})` : `did not become ready within ${Math.round(timeoutMs / 1000)}s`;
    throw new CliError(`the placement service ${what}${reason ? `: ${reason}` : ''}; see ${logFile}`, { cause: err });
  }
  await writeFile(paths.placementFile, `${JSON.stringify(record, null, 2)}\n`);
  return { record, reused: false };
}

/** Polls healthz until 200; throws when the process exits (exitCode() defined), on timeout or abort. */
async function waitHealthy(record: PlacementRecord, exitCode: () => number | null | undefined, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    if (await isHealthy(record.healthzPort, signal)) return;
    if (exitCode() !== undefined) throw new Error('placement exited');
    if (Date.now() > deadline) {
      throw new CliError(`the placement service (pid ${record.pid}) did not answer on healthz port ${record.healthzPort} within ${Math.round(timeoutMs / 1000)}s: see ${record.logFile}`);
    }
    await sleep(100, signal);
  }
}

/**
 * `dapr uninstall`: stops the placement service `dapr init` started (SIGTERM, then SIGKILL) and
 * forgets it. Resolves with its record when it was running, else undefined.
 */
export async function stopPlacement(paths: DaprPaths, signal: AbortSignal): Promise<PlacementRecord | undefined> {
  const status = await placementStatus(paths);
  if (status?.running) await stopProcesses([status.record.pid], signal, 10_000);
  await rm(paths.placementFile, { force: true });
  return status?.running ? status.record : undefined;
}
