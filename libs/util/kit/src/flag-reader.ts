import { parseDuration } from './duration';
import { FlagError, type FlagValues } from './flags';

/** How {@link FlagReader.duration} reads one flag. */
export interface DurationFlagOptions {
  /** Shown in the error for text that is no duration, e.g. `8s or 500ms`. */
  example: string;
  /** Text to milliseconds, throwing on bad text; Go or ISO 8601 durations ({@link parseDuration}) by default. */
  parse?: (text: string) => number;
}

/**
 * Typed reads of the values {@link parseFlags} returned, with the one-line {@link FlagError}s the
 * binaries print (`invalid value "x" for flag --name: ...`). A blank string reads as unset, so
 * `--app-id ""` means the default. Shared by every binary's `parseOptions`.
 */
export class FlagReader {
  private readonly values: FlagValues;

  constructor(values: FlagValues) {
    this.values = values;
  }

  /** A string flag, trimmed; undefined when absent or blank. */
  string(name: string): string | undefined {
    const value = this.values[name];
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  /** A string flag, lower-cased, that must be one of `allowed`. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = (this.string(name) ?? fallback).toLowerCase();
    if (!allowed.includes(raw as T)) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be one of ${allowed.join(', ')}`);
    return raw as T;
  }

  /** An int flag of at least `min`. */
  int(name: string, fallback: number, min: number): number {
    const value = this.number(name) ?? fallback;
    if (value < min) throw new FlagError(`invalid value "${value}" for flag --${name}: must be >= ${min}`);
    return value;
  }

  /** An int flag as given, or undefined. */
  number(name: string): number | undefined {
    const value = this.values[name];
    return typeof value === 'number' ? value : undefined;
  }

  /**
   * A TCP port, 0 to 65535, from an int flag (placement's) or a string flag (daprd's, where Dapr
   * declares ports as strings).
   */
  port(name: string, fallback: number): number;
  port(name: string): number | undefined;
  port(name: string, fallback?: number): number | undefined {
    const value = this.values[name];
    const raw = typeof value === 'number' ? String(value) : this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be a port number between 0 and 65535`);
    return Number(raw);
  }

  /** A duration flag in milliseconds, greater than 0. */
  duration(name: string, fallbackMs: number, options: DurationFlagOptions): number {
    const raw = this.string(name);
    if (raw === undefined) return fallbackMs;
    let ms: number;
    try {
      ms = (options.parse ?? parseDuration)(raw);
    } catch {
      throw new FlagError(`invalid value "${raw}" for flag --${name}: must be a duration such as ${options.example}`);
    }
    if (!(ms > 0)) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be greater than 0`);
    return ms;
  }

  /** A comma-separated string flag, entries trimmed, blanks dropped. */
  csv(name: string): string[] {
    return (this.string(name) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }

  /** A list flag (repeatable, comma-splitting), or `[]`. */
  list(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value : [];
  }

  /** A bool flag as given, or undefined. */
  bool(name: string): boolean | undefined {
    const value = this.values[name];
    return typeof value === 'boolean' ? value : undefined;
  }
}
