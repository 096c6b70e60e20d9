/**
 * Flattens a parsed JSON value into `path → string` pairs, joining nested names with `separator`:
 * `{"a":{"b":"c"},"l":[1,true]}` → `a:b=c`, `l:0=1`, `l:1=true`. Arrays flatten by index;
 * numbers and booleans become their JSON text; `null` becomes the empty string. Mirrors contrib
 * secretstores/local/file visitJSONObject (whose Go `%s` formatting mangles numbers and booleans;
 * we print them plainly instead).
 *
 * Returns a Map so that names such as `__proto__` stay ordinary keys. Throws a plain Error when two
 * paths collide, e.g. `{"a:b":"x","a":{"b":"y"}}`, rather than keep one of them silently.
 */
export function flattenJson(value: object, separator: string): Map<string, string> {
  const out = new Map<string, string>();
  visit(value, '', separator, out);
  return out;
}

function visit(value: unknown, path: string, separator: string, out: Map<string, string>): void {
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}${separator}${key}`, separator, out);
    return;
  }
  if (out.has(path)) throw new Error(`more than one value flattens to the name "${path}"`);
  out.set(path, value === null ? '' : String(value));
}
