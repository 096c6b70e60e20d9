import { isTruthy, parseDuration } from '@dapr-ts/kit';
import { MetadataError } from './component-metadata';

/** The opposites of Dapr's truthy words (kit utils.IsTruthy), for {@link MetadataReader.strictBool}. */
const FalsyWords = ['n', 'no', 'false', 'f', 'off', '0'];

/**
 * Decodes component metadata once into typed values. Keys match case-insensitively and through
 * aliases, as in Dapr kit metadata.DecodeMetadata; every error names the field.
 */
export class MetadataReader {
  private readonly lowered = new Map<string, { key: string; value: string }>();

  constructor(properties: Record<string, string>) {
    for (const [key, value] of Object.entries(properties)) {
      const lower = key.toLowerCase();
      const existing = this.lowered.get(lower);
      if (existing) throw new MetadataError(key, `collides with "${existing.key}" (metadata names are case-insensitive)`);
      this.lowered.set(lower, { key, value });
    }
  }

  /** The raw string of the first of `names` present, or undefined. Blank counts as absent. */
  raw(...names: string[]): string | undefined {
    for (const name of names) {
      const entry = this.lowered.get(name.toLowerCase());
      if (entry && entry.value.trim() !== '') return entry.value;
    }
    return undefined;
  }

  string(name: string, fallback: string, ...aliases: string[]): string {
    return this.raw(name, ...aliases) ?? fallback;
  }

  requiredString(name: string, ...aliases: string[]): string {
    const value = this.raw(name, ...aliases);
    if (value === undefined) throw new MetadataError(name, 'is required');
    return value;
  }

  int(name: string, fallback: number, ...aliases: string[]): number {
    const value = this.raw(name, ...aliases);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value.trim())) throw new MetadataError(name, `"${value}" is not an integer`);
    return Number(value);
  }

  bool(name: string, fallback: boolean, ...aliases: string[]): boolean {
    const value = this.raw(name, ...aliases);
    return value === undefined ? fallback : isTruthy(value);
  }

  /**
   * Dapr's truthy words and their opposites (`n`, `no`, `false`, `f`, `off`, `0`); anything else
   * throws, so a typo such as `ture` fails at init instead of silently meaning false.
   */
  strictBool(name: string, fallback: boolean, ...aliases: string[]): boolean {
    const raw = this.raw(name, ...aliases);
    if (raw === undefined) return fallback;
    if (isTruthy(raw)) return true;
    if (FalsyWords.includes(raw.trim().toLowerCase())) return false;
    throw new MetadataError(name, `"${raw}" is not a boolean (use true or false)`);
  }

  /** Milliseconds; accepts Go durations, ISO 8601, or a bare number of seconds. */
  duration(name: string, fallbackMs: number, ...aliases: string[]): number {
    const value = this.raw(name, ...aliases);
    if (value === undefined) return fallbackMs;
    if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
    try {
      return parseDuration(value);
    } catch {
      throw new MetadataError(name, `"${value}" is not a duration (e.g. 5s, 1m30s, PT5S)`);
    }
  }

  /**
   * Like {@link duration}, but `-1` means "disabled" and returns undefined, as go-redis and
   * other Dapr components read it; any other negative value throws.
   */
  durationOrDisabled(name: string, fallbackMs: number, ...aliases: string[]): number | undefined {
    if (this.raw(name, ...aliases)?.trim() === '-1') return undefined;
    const ms = this.duration(name, fallbackMs, ...aliases);
    if (ms < 0) throw new MetadataError(name, 'must not be negative (use -1 to disable)');
    return ms;
  }
}
