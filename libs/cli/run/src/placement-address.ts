import { DefaultPlacementPort } from '@dapr-ts/cli-standalone';

/**
 * `--placement-host-address` (or a run file's `placementHostAddress`) as the Go CLI reads it: a
 * CSV of `host[:port]`, where an entry without a port gets placement's 50005. Blank disables
 * placement, so the sidecar runs without actors: the result is then ''.
 */
export function normalizePlacementAddress(raw: string): string {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => (entry.includes(':') ? entry : `${entry}:${DefaultPlacementPort}`))
    .join(',');
}

/**
 * The address daprd gets: the one the user gave (blank: none), else the placement service
 * `dapr init` recorded, else none (no placement: daprd runs without actors).
 */
export function resolvePlacementAddress(given: string | undefined, recorded: string | undefined): string | undefined {
  if (given === undefined) return recorded;
  const normalized = normalizePlacementAddress(given);
  return normalized === '' ? undefined : normalized;
}
