import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ExtendedKey, CliError, putExtendedMetadata, type StatusOutput, type TextSink } from '@dapr-ts/cli-standalone';
import { launchDaprd, type LaunchedDaprd } from './daprd-launcher';
import { closeLogFile, logFileName, openLogFile, openLogSink, type LogSink } from './log-sink';
import { LogDestination, type RunAppConfig, type RunTemplate } from './run-app-config';
import { watchSources } from './source-watcher';

export interface AppRunOptions {
  config: RunAppConfig;
  /** The built sidecar (`dist/apps/daprd/main.js`). */
  daprdPath: string;
  status: StatusOutput;
  stdout: TextSink;
  stderr: TextSink;
  /** Multi-app runs prefix output with the app id (`== APP - <id> == `). */
  multi: boolean;
  runTemplate?: RunTemplate;
  /** Pid recorded as `cliPID`, which `dapr stop` signals. */
  cliPid: number;
  apiToken?: string;
}

/** How long a process gets after SIGTERM before SIGKILL. */
const StopGraceMs = 10_000;

async function terminate(child: ChildProcess, exited: Promise<unknown>, group: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const kill = (signal: NodeJS.Signals): void => {
    try {
      // The app runs in its own process group, so `npm start` and the node it spawns stop together.
      process.kill(group ? -(child.pid as number) : (child.pid as number), signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), StopGraceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * One app and its sidecar, as `dapr run` manages them: daprd starts first; once its APIs answer
 * the app starts with DAPR_HTTP_PORT, DAPR_GRPC_PORT, APP_ID and APP_PORT set. When either process
 * ends the other is stopped; `wait()` resolves with the app's exit code.
 */
export class AppRun {
  private readonly options: AppRunOptions;
  private daprd: LaunchedDaprd | undefined;
  private app: ChildProcess | undefined;
  private appExited: Promise<number | null> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly sinks: LogSink[] = [];
  private readonly files: ReturnType<typeof openLogFile>[] = [];
  private result: Promise<number> | undefined;
  /** Set while `--watch` restarts the app: its exit is then not the end of the run. */
  private restarting: Promise<void> | undefined;
  private watcher: { close(): void } | undefined;

  constructor(options: AppRunOptions) {
    this.options = options;
  }

  private get label(): string {
    return this.options.multi ? ` "${this.options.config.appId}"` : '';
  }

  private sink(kind: 'app' | 'daprd', destination: LogDestination, screen: TextSink): LogSink {
    const { config, multi } = this.options;
    const tag = kind === 'app' ? 'APP' : 'DAPR';
    const prefix = multi ? `== ${tag} - ${config.appId} == ` : `== ${tag} == `;
    const path = join(config.logDir, logFileName(config.appId, kind, new Date()));
    const sink = openLogSink(destination, screen, prefix, this.fileFor(destination, path));
    this.sinks.push(sink);
    return sink;
  }

  private fileFor(destination: LogDestination, path: string): ReturnType<typeof openLogFile> {
    const existing = this.files.find((f) => f?.path === path);
    if (existing) return existing;
    const file = openLogFile(destination, path);
    this.files.push(file);
    return file;
  }

  /** Starts daprd, then the app. Throws CliError (one line) when either cannot start. */
  async start(signal: AbortSignal): Promise<void> {
    const { config, status, stdout, stderr, daprdPath } = this.options;
    if (config.daprdLogDestination !== LogDestination.Console || (config.command.length > 0 && config.appLogDestination !== LogDestination.Console)) {
      status.info(`Writing log files to directory : ${config.logDir}`);
    }
    const daprOut = this.sink('daprd', config.daprdLogDestination, stdout);
    const daprErr = this.sink('daprd', config.daprdLogDestination, stderr);
    const daprdLogs = config.daprdLogDestination === LogDestination.Console ? 'the == DAPR == lines above' : `the daprd log in ${config.logDir}`;
    this.daprd = await launchDaprd(
      {
        daprdPath,
        config,
        logHint: daprdLogs,
        onOutput: (stream, text) => (stream === 'stdout' ? daprOut : daprErr).write(text),
        onStarting: (p) => status.info(`Starting Dapr with id ${config.appId}. HTTP Port: ${p.httpPort}. gRPC Port: ${p.grpcPort}`),
      },
      signal,
    );
    const daprd = this.daprd;
    status.info(`Started Dapr with app id "${config.appId}". HTTP Port: ${daprd.httpPort}. gRPC Port: ${daprd.grpcPort}`);
    await this.record(ExtendedKey.CliPid, String(this.options.cliPid), signal);
    if (this.options.runTemplate) {
      await this.record(ExtendedKey.RunTemplatePath, this.options.runTemplate.path, signal);
      await this.record(ExtendedKey.RunTemplateName, this.options.runTemplate.name, signal);
    }
    if (config.command.length > 0) {
      await this.startApp(signal);
      if (config.watch) {
        this.watcher = watchSources(config.cwd, (file) => void this.restartApp(file, signal));
        status.info(`Watching ${config.cwd} for changes: the app${this.label} restarts, its sidecar keeps running`);
      }
    }
  }

  /** `--watch`: stops the app (its process group) and starts it again; the sidecar keeps running. */
  private async restartApp(file: string, signal: AbortSignal): Promise<void> {
    if (this.stopping || this.restarting || !this.app || !this.appExited) return;
    const { status } = this.options;
    status.info(`${file} changed: restarting the app${this.label}`);
    const app = this.app;
    const exited = this.appExited;
    this.restarting = (async () => {
      await terminate(app, exited, true);
      if (!this.stopping) await this.startApp(signal);
    })();
    try {
      await this.restarting;
    } catch (err) {
      status.failure(`restarting the app${this.label} failed: ${(err as Error).message}`);
    } finally {
      this.restarting = undefined;
    }
  }

  private async record(key: string, value: string, signal: AbortSignal): Promise<void> {
    await putExtendedMetadata((this.daprd as LaunchedDaprd).httpPort, key, value, signal, this.options.apiToken);
  }

  private async startApp(signal: AbortSignal): Promise<void> {
    const { config, status, stdout, stderr } = this.options;
    const daprd = this.daprd as LaunchedDaprd;
    const [file, ...args] = config.command as [string, ...string[]];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...config.env,
      APP_ID: config.appId,
      DAPR_HTTP_PORT: String(daprd.httpPort),
      DAPR_GRPC_PORT: String(daprd.grpcPort),
      DAPR_METRICS_PORT: String(daprd.metricsPort),
      ...(config.appPort !== undefined ? { APP_PORT: String(config.appPort) } : {}),
      ...(config.appProtocol !== undefined ? { APP_PROTOCOL: config.appProtocol } : {}),
    };
    const app = spawn(file, args, { cwd: config.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const spawned = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      app.once('spawn', () => resolve(undefined));
      app.once('error', (err) => resolve(err));
    });
    if (spawned) {
      const what = spawned.code === 'ENOENT' ? 'was not found' : spawned.code === 'EACCES' ? 'is not executable' : `could not start (${spawned.message})`;
      throw new CliError(`app command "${file}" ${what}: check the command${this.options.multi ? ` of app "${config.appId}" in the run file` : " after '--'"} and your PATH`);
    }
    this.app = app;
    const appOut = this.sink('app', config.appLogDestination, stdout);
    const appErr = this.sink('app', config.appLogDestination, stderr);
    app.stdout?.setEncoding('utf8').on('data', (t: string) => appOut.write(t));
    app.stderr?.setEncoding('utf8').on('data', (t: string) => appErr.write(t));
    this.appExited = new Promise((resolve) => app.once('close', (code) => resolve(code)));
    status.info(`Updating metadata for appPID: ${app.pid}`);
    await this.record(ExtendedKey.AppPid, String(app.pid), signal);
    status.info(`Updating metadata for app command: ${config.command.join(' ')}`);
    await this.record(ExtendedKey.AppCommand, config.command.join(' '), signal);
  }

  /** Resolves with the exit code once the app (or, without an app, daprd) has ended and both are stopped. */
  wait(): Promise<number> {
    this.result ??= this.supervise();
    return this.result;
  }

  private async supervise(): Promise<number> {
    const { status, config } = this.options;
    const daprd = this.daprd;
    if (!daprd) return 1;
    let appExited = this.appExited;
    if (!appExited) {
      const code = await daprd.exited;
      await this.stop();
      return code ?? 0;
    }
    let current = appExited;
    let first: 'daprd' | 'app';
    for (;;) {
      first = await Promise.race([daprd.exited.then(() => 'daprd' as const), current.then(() => 'app' as const)]);
      // An app stopped by --watch is started again: keep supervising the new process.
      const restart = this.restarting;
      if (first !== 'app' || !restart) break;
      await restart.catch(() => undefined);
      if (this.appExited === current || !this.appExited) break;
      current = this.appExited;
    }
    appExited = current;
    // Read before stop(): whether someone else (Ctrl-C, `dapr stop`) asked us to stop.
    const asked = this.stopping !== undefined;
    if (first === 'daprd' && !asked) status.failure(`daprd for app "${config.appId}" exited unexpectedly: see its logs, then run again`);
    if (first === 'app' && !asked) this.reportAppExit(await appExited);
    await this.stop();
    const code = await appExited;
    if (first === 'daprd' && !asked) return 1;
    return code ?? (asked ? 0 : 1);
  }

  private reportAppExit(code: number | null): void {
    if (code === 0) this.options.status.success(`Exited App${this.label} successfully`);
    else this.options.status.failure(`The app${this.label} exited with ${code === null ? 'a signal' : `code ${code}`}: see its == APP == output above`);
  }

  /** Stops the app (its whole process group), then daprd. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    this.watcher?.close();
    await this.restarting?.catch(() => undefined);
    if (this.app && this.appExited) {
      const running = this.app.exitCode === null && this.app.signalCode === null;
      await terminate(this.app, this.appExited, true);
      if (running) this.options.status.success(`Exited App${this.label} successfully`);
    }
    if (this.daprd) {
      const running = this.daprd.child.exitCode === null && this.daprd.child.signalCode === null;
      await terminate(this.daprd.child, this.daprd.exited, false);
      if (running) this.options.status.success(`Exited Dapr${this.label} successfully`);
    }
    await Promise.all(this.sinks.map((s) => s.close()));
    await Promise.all(this.files.map(closeLogFile));
  }
}
