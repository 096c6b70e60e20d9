#!/usr/bin/env node
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FlagError, envString } from '@dapr-ts/kit';
import { StatusOutput, isCliError, resolveDaprPaths } from '@dapr-ts/cli-standalone';
import { runCli } from './app';
import { parseOptions } from './options';

async function main(): Promise<number> {
  const status = new StatusOutput(process.stdout, process.stderr);
  let command;
  try {
    command = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    status.failure(`${err.message}; run 'dapr --help' for usage`);
    return 1;
  }
  // First Ctrl-C stops the apps cleanly; a second one gives up waiting.
  const root = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    if (++signals > 1) process.exit(1);
    root.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runCli(
      command,
      {
        paths: resolveDaprPaths(homedir(), process.env),
        cwd: process.cwd(),
        status,
        stdout: process.stdout,
        stderr: process.stderr,
        // Both apps are bundled under dist/apps, so daprd sits next to this file's folder.
        daprdPath: join(__dirname, '..', 'daprd', 'main.js'),
        placementPath: join(__dirname, '..', 'placement', 'main.js'),
        pid: process.pid,
        apiToken: envString(process.env, 'DAPR_API_TOKEN'),
      },
      root.signal,
    );
  } catch (err) {
    if (!isCliError(err)) throw err;
    status.failure(err.message);
    return err.exitCode;
  }
}

void main().then((code) => {
  process.exitCode = code;
  // Pending timers or sockets must not keep a finished command alive.
  setImmediate(() => process.exit(code));
});
