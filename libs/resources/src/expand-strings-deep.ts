/** Expands one string found at `path` (e.g. `spec.tracing.zipkin.endpointAddress`). @internal */
export type ExpandString = (text: string, path: string) => string;

/**
 * Returns a copy of a parsed YAML value with every string leaf passed through `expand`. Keys are
 * never expanded, and non-string scalars are kept as they are.
 * @internal
 */
export function expandStringsDeep(value: unknown, path: string, expand: ExpandString): unknown {
  if (typeof value === 'string') return expand(value, path);
  if (Array.isArray(value)) return value.map((item, i) => expandStringsDeep(item, `${path}[${i}]`, expand));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = expandStringsDeep(item, path === '' ? key : `${path}.${key}`, expand);
    return out;
  }
  return value;
}
