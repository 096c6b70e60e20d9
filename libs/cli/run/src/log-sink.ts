import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { TextSink } from '@dapr-ts/cli-standalone';
import { LinePrefixer } from './line-prefixer';
import { LogDestination } from './run-app-config';

/** Where one child stream's output goes: the console with a prefix, a log file, or both. */
export interface LogSink extends TextSink {
  /** Flushes a last partial line and closes the file. */
  close(): Promise<void>;
}

/** `<appid>_<kind>_<yyyymmddhhmmss>.log`, the Go CLI's log file name. */
export function logFileName(appId: string, kind: 'app' | 'daprd', at: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `${appId}_${kind}_${stamp}.log`;
}

/**
 * Opens a sink for `destination`. A child's stdout and stderr sinks share one log file stream,
 * opened with openLogFile.
 */
export function openLogSink(destination: LogDestination, screen: TextSink, prefix: string, file: WriteStream | undefined): LogSink {
  const toConsole = destination !== LogDestination.File ? new LinePrefixer(prefix, screen) : undefined;
  const toFile = destination !== LogDestination.Console ? file : undefined;
  return {
    write(text: string): void {
      toConsole?.push(text);
      toFile?.write(text);
    },
    async close(): Promise<void> {
      toConsole?.flush();
    },
  };
}

/** Opens the log file when `destination` includes one; undefined otherwise. */
export function openLogFile(destination: LogDestination, path: string): WriteStream | undefined {
  if (destination === LogDestination.Console) return undefined;
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path, { flags: 'a' });
}

/** Ends a log file stream and waits until it is written. */
export async function closeLogFile(file: WriteStream | undefined): Promise<void> {
  if (!file) return;
  await new Promise<void>((resolve) => file.end(() => resolve()));
}
