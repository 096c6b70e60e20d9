import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CliError, assertPortFree, freePort, lastErrorMessage } from '@dapr-ts/cli-standalone';
import { sleep } from '@dapr-ts/kit';
import type { RunAppConfig } from './run-app-config';

/** Ports a sidecar was started with. */
export interface SidecarPorts {
  httpPort: number;
  grpcPort: number;
  metricsPort: number;
}

/** A started daprd process. */
export interface LaunchedDaprd extends SidecarPorts {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export interface LaunchDaprdOptions {
  daprdPath: string;
  config: RunAppConfig;
  /** Receives daprd's stdout and stderr. */
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Called with the ports once chosen, before daprd starts (for the "Starting Dapr" line). */
  onStarting: (ports: SidecarPorts) => void;
  /** Says where daprd's output can be read, for error messages. */
  logHint: string;
  readyTimeoutMs?: number;
}

const MaxPortRetries = 3;

function daprdArgs(daprdPath: string, c: RunAppConfig, ports: SidecarPorts): string[] {
  return [
    daprdPath,
    '--app-id', c.appId,
    '--dapr-http-port', String(ports.httpPort),
    '--dapr-grpc-port', String(ports.grpcPort),
    '--metrics-port', String(ports.metricsPort),
    // 0: daprd binds a free internal port itself, which cannot race with other processes.
    '--dapr-internal-grpc-port', '0',
    ...(c.appPort !== undefined ? ['--app-port', String(c.appPort)] : []),
    ...(c.appProtocol !== undefined ? ['--app-protocol', c.appProtocol] : []),
    ...c.resourcesPaths.flatMap((p) => ['--resources-path', p]),
    ...(c.configFile !== undefined ? ['--config', c.configFile] : []),
    ...(c.logLevel !== undefined ? ['--log-level', c.logLevel] : []),
    ...(c.enableApiLogging ? ['--enable-api-logging'] : []),
    ...(c.placementHostAddress !== undefined ? ['--placement-host-address', c.placementHostAddress] : []),
  ];
}

async function isOutboundReady(httpPort: number, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz/outbound`, { signal: AbortSignal.any([signal, AbortSignal.timeout(1000)]) });
    await res.arrayBuffer();
    return res.status === 204;
  } catch {
    return false;
  }
}

/**
 * Starts daprd for one app and waits until its APIs answer (`/v1.0/healthz/outbound`). Ports the
 * user gave must be free (one-line error otherwise); ports chosen here are re-chosen when another
 * process takes one first. Throws CliError when daprd exits or does not become ready.
 */
export async function launchDaprd(options: LaunchDaprdOptions, signal: AbortSignal): Promise<LaunchedDaprd> {
  const { daprdPath, config, onOutput, onStarting, logHint } = options;
  if (!existsSync(daprdPath)) throw new CliError(`daprd not found at ${daprdPath}: build it with 'npx nx run daprd:build'`);
  if (config.daprHttpPort !== undefined) await assertPortFree(config.daprHttpPort, '--dapr-http-port');
  if (config.daprGrpcPort !== undefined) await assertPortFree(config.daprGrpcPort, '--dapr-grpc-port');
  for (let attempt = 0; ; attempt++) {
    const ports = { httpPort: config.daprHttpPort ?? (await freePort()), grpcPort: config.daprGrpcPort ?? (await freePort()), metricsPort: await freePort() };
    onStarting(ports);
    const child = spawn(process.execPath, daprdArgs(daprdPath, config, ports), { cwd: config.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output = (output + text).slice(-20_000);
      onOutput('stdout', text);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output = (output + text).slice(-20_000);
      onOutput('stderr', text);
    });
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve((exitCode = code))));
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    while (exitCode === undefined && !signal.aborted && Date.now() < deadline) {
      if (await isOutboundReady(ports.httpPort, signal)) return { child, exited, ...ports };
      await sleep(50, signal);
    }
    if (exitCode === undefined) {
      child.kill('SIGKILL');
      await exited;
      signal.throwIfAborted();
      throw new CliError(`daprd for app "${config.appId}" did not become ready within ${Math.round((options.readyTimeoutMs ?? 60_000) / 1000)}s: check ${logHint}`);
    }
    const autoPorts = config.daprHttpPort === undefined || config.daprGrpcPort === undefined;
    if (output.includes('EADDRINUSE') && autoPorts && attempt < MaxPortRetries) continue;
    const reason = lastErrorMessage(output);
    throw new CliError(`daprd for app "${config.appId}" failed to start (exit code ${exitCode})${reason ? `: ${reason}` : ''}; fix the cause (see ${logHint}) and run again`);
  }
}
