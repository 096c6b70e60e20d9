import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LogFields, Logger, LogLevel } from '@dapr-ts/logger';

/** A temporary folder for one test; `path(name)` joins inside it. Test-only. @internal */
export interface TempResources {
  root: string;
  path(name: string): string;
  write(name: string, text: string): string;
  remove(): void;
}

/** Creates a folder under the OS temp dir and writes `files` (name → text) into it. @internal */
export function tempResources(files: Record<string, string> = {}): TempResources {
  const root = mkdtempSync(join(tmpdir(), 'dapr-ts-resources-'));
  const temp: TempResources = {
    root,
    path: (name) => join(root, name),
    write: (name, text) => {
      const file = join(root, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) temp.write(name, text);
  return temp;
}

/** One line a {@link RecordingLogger} received. @internal */
export interface LogLine {
  level: LogLevel;
  msg: string;
  fields?: LogFields;
}

/** A Logger that keeps every line (children included) for assertions. @internal */
export interface RecordingLogger extends Logger {
  lines: LogLine[];
}

/** Creates a {@link RecordingLogger}. @internal */
export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const record = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    lines.push(fields ? { level, msg, fields } : { level, msg });
  };
  const logger: RecordingLogger = {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

/** Runs `fn` and returns what it threw; fails the test when it does not throw. @internal */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}
