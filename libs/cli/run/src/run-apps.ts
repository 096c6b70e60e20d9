import type { StatusOutput, TextSink } from '@dapr-ts/cli-standalone';
import { AppRun } from './app-run';
import type { RunAppConfig, RunTemplate } from './run-app-config';

export interface RunAppsOptions {
  apps: readonly RunAppConfig[];
  daprdPath: string;
  status: StatusOutput;
  stdout: TextSink;
  stderr: TextSink;
  /** Set for `dapr run -f`: prefixes carry app ids and `dapr stop -f` can find the run. */
  runTemplate?: RunTemplate;
  cliPid: number;
  apiToken?: string;
}

/**
 * `dapr run` for one app or a run file's apps: starts them in file order, then waits until every
 * app has ended. Aborting `signal` (Ctrl-C) stops them all. Resolves with the first non-zero app
 * exit code, else 0; a start failure stops what was started and rethrows (a CliError).
 */
export async function runApps(options: RunAppsOptions, signal: AbortSignal): Promise<number> {
  const multi = options.runTemplate !== undefined;
  const runs: AppRun[] = [];
  const stopAll = (): Promise<void[]> => Promise.all(runs.map((run) => run.stop()));
  try {
    for (const config of options.apps) {
      const run = new AppRun({ ...options, config, multi });
      runs.push(run);
      if (multi) options.status.info(`Validating config and starting app "${config.appId}"`);
      await run.start(signal);
    }
  } catch (err) {
    await stopAll();
    if (signal.aborted) return 0;
    throw err;
  }
  const withApp = options.apps.some((a) => a.command.length > 0);
  options.status.success(withApp ? "You're up and running! Both Dapr and your app logs will appear here." : "You're up and running! Dapr logs will appear here.");
  const onAbort = (): void => void stopAll();
  signal.addEventListener('abort', onAbort, { once: true });
  const codes = await Promise.all(runs.map((run) => run.wait()));
  signal.removeEventListener('abort', onAbort);
  return codes.find((code) => code !== 0) ?? 0;
}
