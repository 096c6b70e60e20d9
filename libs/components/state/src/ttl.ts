import { MetadataError } from '@dapr-ts/components-common';

/** The request (and component) metadata key carrying a TTL, spelled as in Dapr (contrib metadata.ParseTTL). */
export const TtlInSecondsKey = 'ttlInSeconds';

/** The response metadata key carrying the expiry time of a key saved with a TTL. */
export const TtlExpireTimeKey = 'ttlExpireTime';

/** Largest TTL accepted: a signed 32-bit number of seconds (about 68 years), so expiry times stay representable. */
const MaxTtlSeconds = 2_147_483_647;

/**
 * Reads `ttlInSeconds` from metadata and returns the TTL in milliseconds, `-1` for "never expire"
 * (a store that keeps TTLs across writes must drop the key's TTL), or undefined when absent or
 * blank. Zero, other negatives and non-integers throw a MetadataError naming the field, which the
 * runtime reports as a 400 (mirrors contrib metadata.ParseTTL).
 */
export function parseTtlInSeconds(metadata: Readonly<Record<string, string>>): number | undefined {
  const raw = metadata[TtlInSecondsKey]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw new MetadataError(TtlInSecondsKey, `"${raw}" is not an integer`);
  const seconds = Number(raw);
  if (seconds === -1) return -1;
  if (seconds <= 0) throw new MetadataError(TtlInSecondsKey, `must be a positive number of seconds, or -1 for no expiry; got ${raw}`);
  if (seconds > MaxTtlSeconds) throw new MetadataError(TtlInSecondsKey, `${raw} is too large (at most ${MaxTtlSeconds} seconds)`);
  return seconds * 1000;
}

/** Formats epoch milliseconds as Go's `time.RFC3339` in UTC, whole seconds: `2025-01-02T03:04:05Z`. */
export function formatExpireTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
