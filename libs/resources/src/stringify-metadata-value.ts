/**
 * Turns a `spec.metadata[].value` into the string components receive. Strings stay as they are,
 * numbers and booleans use `String(v)`, null becomes `''`, and mappings and lists become compact
 * JSON with object keys sorted, as daprd produces them (YAML → JSON → `DynamicValue.String()`,
 * where Go's encoding/json sorts map keys). Mirrors dapr pkg/apis/common DynamicValue.
 * @internal
 */
export function stringifyMetadataValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(sortKeys(value));
  return String(value);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
