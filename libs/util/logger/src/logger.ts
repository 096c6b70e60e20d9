import pino from 'pino';
import { hostname } from 'node:os';

/** Dapr's log levels; `warn` prints as `warning` like Dapr does. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export const LogLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'fatal'];

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/**
 * The logger every library receives through its options. Only `main.ts` creates the root
 * (see {@link createRootLogger}); libraries derive scoped children with {@link Logger.child}.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A child logger: `scope` replaces the scope, other fields are added to every line. */
  child(fields: LogFields): Logger;
  isLevelEnabled(level: LogLevel): boolean;
}

export interface RootLoggerOptions {
  /** Dapr scope of the binary, e.g. `dapr.runtime` or `dapr.placement`. */
  scope: string;
  level: LogLevel;
  json: boolean;
  /** Runtime version printed as `ver`. */
  version: string;
  appId?: string;
  /** Where lines go; stdout by default. Tests pass a collecting stream. */
  destination?: { write(line: string): void };
}

const levelNames: Record<number, string> = { 10: 'debug', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };

/** Creates the root logger with Dapr's fields: time, level, msg, scope, type, ver, instance, app_id. */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const destination = options.destination ?? process.stdout;
  const stream = options.json ? destination : textStream(destination);
  // scope and type live in child bindings (see wrap) so a child's scope replaces its parent's
  // instead of appearing twice in the JSON line.
  const base: LogFields = { instance: hostname(), ver: options.version };
  if (options.appId) base['app_id'] = options.appId;
  const root = pino(
    {
      level: options.level,
      base,
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (_label, number) => ({ level: levelNames[number] ?? 'info' }) },
    },
    stream,
  );
  return wrap(root, { scope: options.scope, type: 'log' });
}

/** A logger that drops everything; for tests. */
export function nopLogger(): Logger {
  const nop: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => nop,
    isLevelEnabled: () => false,
  };
  return nop;
}

/**
 * pino appends child bindings without removing keys its parents already bound, so every child
 * here is made from the root with the merged bindings: each key appears once per line.
 */
function wrap(root: pino.Logger, bindings: LogFields): Logger {
  const p = root.child(bindings);
  return {
    debug: (msg, fields) => (fields ? p.debug(fields, msg) : p.debug(msg)),
    info: (msg, fields) => (fields ? p.info(fields, msg) : p.info(msg)),
    warn: (msg, fields) => (fields ? p.warn(fields, msg) : p.warn(msg)),
    error: (msg, fields) => (fields ? p.error(fields, msg) : p.error(msg)),
    child: (fields) => wrap(root, { ...bindings, ...fields }),
    isLevelEnabled: (level) => p.isLevelEnabled(level),
  };
}

/**
 * Dapr's text format is logfmt-like: `time="…" level=info msg="…" app_id=x scope=y …`.
 * pino writes JSON lines; this stream rewrites each line into that form.
 */
function textStream(out: { write(line: string): void }): { write(line: string): void } {
  const order = ['time', 'level', 'msg'];
  return {
    write(line: string) {
      let record: LogFields;
      try {
        record = JSON.parse(line) as LogFields;
      } catch {
        out.write(line);
        return;
      }
      const keys = [...order, ...Object.keys(record).filter((k) => !order.includes(k)).sort()];
      const parts = keys.filter((k) => record[k] !== undefined).map((k) => `${k}=${formatValue(record[k])}`);
      out.write(parts.join(' ') + '\n');
    },
  };
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[\w.:/@+-]+$/.test(text) ? text : JSON.stringify(text);
}
