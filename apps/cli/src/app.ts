import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';
import {
  CliError,
  formatListTable,
  assertRedisReachable,
  ensurePlacement,
  initStandalone,
  invokeApp,
  listSidecars,
  placementStatus,
  publishEvent,
  readRegistry,
  stopPlacement,
  stopProcesses,
  toListRow,
  uninstallStandalone,
  type DaprPaths,
  type PlacementStatus,
  type RegisteredSidecar,
  type StatusOutput,
  type TextSink,
} from '@dapr-ts/cli-standalone';
import { parseRunFile, resolveRunFlags, runApps, type RunAppConfig, type RunFileDefaults } from '@dapr-ts/cli-run';
import type { CliCommand } from './options';

/** What a command needs from the process, passed in so main.ts stays the only place touching it. */
export interface CliContext {
  paths: DaprPaths;
  cwd: string;
  status: StatusOutput;
  stdout: TextSink;
  stderr: TextSink;
  /** The built sidecar next to this CLI: dist/apps/daprd/main.js. */
  daprdPath: string;
  /** The built placement service next to this CLI: dist/apps/placement/main.js. */
  placementPath: string;
  pid: number;
  apiToken: string | undefined;
}

const io = { exists: existsSync, readText: (p: string): string => readFileSync(p, 'utf8') };

/** A run file path, or a folder holding `dapr.yaml`, as the Go CLI accepts both. */
function runFilePath(cwd: string, given: string): string {
  const full = resolve(cwd, given);
  const path = existsSync(full) && statSync(full).isDirectory() ? join(full, 'dapr.yaml') : full;
  if (!existsSync(path)) throw new CliError(`run file ${path} does not exist: pass the path of a dapr.yaml (or its folder) to --run-file`);
  return path;
}

async function findSidecar(ctx: CliContext, appId: string, signal: AbortSignal): Promise<RegisteredSidecar> {
  const found = (await readRegistry(ctx.paths.registryDir, signal)).find((s) => s.appId === appId);
  if (!found) throw new CliError(`couldn't find a running app with id "${appId}": start it with 'dapr run --app-id ${appId} ...' or check 'dapr list'`);
  return found;
}

function readData(ctx: CliContext, data: string | undefined, dataFile: string | undefined): string | undefined {
  if (dataFile === undefined) return data;
  const path = resolve(ctx.cwd, dataFile);
  if (!existsSync(path)) throw new CliError(`data file ${path} does not exist: check --data-file`);
  return readFileSync(path, 'utf8');
}

/** `dapr init`'s placement service: started, or kept when the one a previous init started still runs. */
async function initPlacement(ctx: CliContext, port: number, signal: AbortSignal): Promise<void> {
  const { record, reused } = await ensurePlacement({ paths: ctx.paths, placementMain: ctx.placementPath, port }, signal);
  if (!reused) {
    ctx.status.info(`Placement service is running on ${record.address} (pid ${record.pid}, healthz port ${record.healthzPort}); logs: ${record.logFile}`);
    return;
  }
  ctx.status.info(`Placement service is already running on ${record.address} (pid ${record.pid})`);
  if (record.port !== port) ctx.status.warn(`the running placement service listens on port ${record.port}, not ${port}: run 'dapr uninstall' first to move it`);
}

/** What `dapr run` falls back to: ~/.dapr's components and config, and the placement `dapr init` started. */
function runDefaults(paths: DaprPaths, placement: PlacementStatus | undefined): RunFileDefaults {
  return { componentsDir: paths.componentsDir, configFile: paths.configFile, placementHostAddress: placement?.record.address };
}

/** A sidecar pointed at the placement `dapr init` started while that is down would run without actors: say so. */
function warnStalePlacement(status: StatusOutput, placement: PlacementStatus | undefined, apps: readonly RunAppConfig[]): void {
  if (!placement || placement.running || !apps.some((a) => a.placementHostAddress === placement.record.address)) return;
  status.warn(`the placement service 'dapr init' started (pid ${placement.record.pid}) is not running: actors are unavailable until you run 'dapr init' again`);
}

/** Runs one parsed command; resolves with the process exit code. CliErrors propagate to main. */
export async function runCli(command: CliCommand, ctx: CliContext, signal: AbortSignal): Promise<number> {
  const { status, paths } = ctx;
  switch (command.kind) {
    case 'help':
      ctx.stdout.write(command.text);
      return 0;
    case 'version': {
      const res = spawnSync(process.execPath, [ctx.daprdPath, '--version'], { encoding: 'utf8' });
      const runtime = res.status === 0 ? res.stdout.trim() : 'n/a';
      // The CLI and daprd are built from the same checkout, so they share one version.
      ctx.stdout.write(`CLI version: ${runtime}\nRuntime version: ${runtime}\n`);
      return 0;
    }
    case 'init': {
      status.pending('Making the jump to hyperspace...');
      if (command.redisHost !== undefined) await assertRedisReachable(command.redisHost, signal);
      const files = await initStandalone(paths, signal, command.redisHost !== undefined ? { redisHost: command.redisHost } : {});
      for (const f of files) status.info(f.written ? `Created ${f.path}` : `Kept existing ${f.path}`);
      // --slim: as the Go CLI's, no placement service; actors then need --placement-host-address.
      if (command.slim) status.info("Slim mode: the placement service was not started; for actors start one and pass its address to 'dapr run --placement-host-address'");
      else await initPlacement(ctx, command.placementPort, signal);
      status.success('Success! Dapr is up and running. To get started, go here: https://aka.ms/dapr-getting-started');
      return 0;
    }
    case 'uninstall': {
      const placement = await stopPlacement(paths, signal);
      if (placement) status.info(`Stopped the placement service (pid ${placement.pid})`);
      const removed = await uninstallStandalone(paths, signal);
      if (removed) status.success(`Dapr has been removed successfully (${paths.daprDir} deleted)`);
      else status.info(`Nothing to remove: ${paths.daprDir} does not exist`);
      return 0;
    }
    case 'run': {
      const placement = await placementStatus(paths);
      const config = resolveRunFlags(command.flags, {
        cwd: ctx.cwd,
        defaults: runDefaults(paths, placement),
        exists: existsSync,
        randomAppId: () => `app-${randomBytes(4).toString('hex')}`,
      });
      warnStalePlacement(status, placement, [config]);
      return runApps({ apps: [config], daprdPath: ctx.daprdPath, status, stdout: ctx.stdout, stderr: ctx.stderr, cliPid: ctx.pid, apiToken: ctx.apiToken }, signal);
    }
    case 'run-file': {
      const path = runFilePath(ctx.cwd, command.file);
      const placement = await placementStatus(paths);
      const file = parseRunFile(readFileSync(path, 'utf8'), path, runDefaults(paths, placement), io);
      for (const warning of file.warnings) status.warn(warning);
      warnStalePlacement(status, placement, file.apps);
      const apps = file.apps.map((app) => ({ ...app, watch: command.watch }));
      return runApps({ apps, daprdPath: ctx.daprdPath, status, stdout: ctx.stdout, stderr: ctx.stderr, cliPid: ctx.pid, apiToken: ctx.apiToken, runTemplate: { path: file.path, name: file.name } }, signal);
    }
    case 'list': {
      const now = new Date();
      const rows = (await listSidecars(paths.registryDir, signal, ctx.apiToken)).map((s) => toListRow(s, now));
      if (command.output === 'json') ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else if (command.output === 'yaml') ctx.stdout.write(rows.length === 0 ? '[]\n' : dump(rows));
      else if (rows.length === 0) status.info('No Dapr instances found.');
      else ctx.stdout.write(formatListTable(rows));
      return 0;
    }
    case 'stop': {
      const sidecars = await listSidecars(paths.registryDir, signal, ctx.apiToken);
      let failed = false;
      for (const appId of command.appIds) {
        const mine = sidecars.filter((s) => s.appId === appId);
        if (mine.length === 0) {
          status.failure(`couldn't find a running app with id "${appId}": check 'dapr list'`);
          failed = true;
          continue;
        }
        // The CLI that started the app stops both processes cleanly; a bare daprd is stopped directly.
        await stopProcesses(mine.map((s) => s.cliPid ?? s.pid), signal);
        status.success(`app stopped successfully: ${appId}`);
      }
      return failed ? 1 : 0;
    }
    case 'stop-file': {
      const path = runFilePath(ctx.cwd, command.file);
      const runs = (await listSidecars(paths.registryDir, signal, ctx.apiToken)).filter((s) => s.runTemplatePath === path);
      if (runs.length === 0) throw new CliError(`no running apps were started from ${path}: check 'dapr list'`);
      await stopProcesses(runs.map((s) => s.cliPid ?? s.pid), signal);
      for (const s of runs) status.success(`app stopped successfully: ${s.appId}`);
      return 0;
    }
    case 'invoke': {
      const sidecar = await findSidecar(ctx, command.appId, signal);
      const res = await invokeApp({ sidecar, method: command.method, verb: command.verb, data: readData(ctx, command.data, command.dataFile), apiToken: ctx.apiToken }, signal);
      if (res.body !== '') ctx.stdout.write(res.body.endsWith('\n') ? res.body : `${res.body}\n`);
      status.success('App invoked successfully');
      return 0;
    }
    case 'publish': {
      const sidecar = await findSidecar(ctx, command.appId, signal);
      const data = readData(ctx, command.data, command.dataFile) ?? '';
      await publishEvent({ sidecar, pubsub: command.pubsub, topic: command.topic, data, metadata: command.metadata, apiToken: ctx.apiToken }, signal);
      status.success('Event published successfully');
      return 0;
    }
  }
}
