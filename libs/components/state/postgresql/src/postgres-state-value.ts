/**
 * How a value is written: Dapr's v1 layout keeps JSON in a `jsonb` column and anything else as a
 * base64 JSON string with `isbinary = true`.
 *
 * jsonb re-formats what it stores (`{"a":1}` comes back as `{"a": 1}`, keys re-ordered), and the
 * state API must return the bytes that were saved. So a value is stored as jsonb only when
 * Postgres's rendering of it is exactly {@link jsonbRendering} of the input; reading then strips
 * that whitespace again ({@link compactJsonb}) and yields the input byte for byte. The SQL makes
 * the comparison (Postgres is the authority on its own format); values that fail it are stored
 * as binary, which Go Dapr also reads back exactly.
 */
export interface EncodedStateValue {
  /** The value as JSON text when it may be stored as jsonb, else null. */
  json: string | null;
  /** What Postgres prints for `json::jsonb` when the value is stored losslessly, else null. */
  rendering: string | null;
  /** The value in standard base64, for the binary fallback. */
  base64: string;
}

/** Whitespace allowed between JSON tokens. */
const JsonSpace = new Set([' ', '\t', '\n', '\r']);

export function encodeStateValue(value: Buffer): EncodedStateValue {
  const base64 = value.toString('base64');
  const text = value.toString('utf8');
  if (!isJsonbCandidate(value, text)) return { json: null, rendering: null, base64 };
  return { json: text, rendering: jsonbRendering(text), base64 };
}

/** The bytes of a stored value: `value` is the column as text, `isBinary` the isbinary column. */
export function decodeStateValue(value: string, isBinary: boolean): Buffer {
  if (!isBinary) return Buffer.from(compactJsonb(value), 'utf8');
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'string') throw new Error('state.postgresql: a row marked isbinary does not hold a base64 string');
  return Buffer.from(parsed, 'base64');
}

/**
 * Compact JSON (no whitespace between tokens) rendered as jsonb prints it: one space after every
 * `:` and `,` outside strings.
 */
export function jsonbRendering(compact: string): string {
  let out = '';
  forEachOutsideStrings(compact, (c, inString) => {
    out += c;
    if (!inString && (c === ':' || c === ',')) out += ' ';
  });
  return out;
}

/** JSON text without the whitespace between tokens; the inverse of {@link jsonbRendering}. */
export function compactJsonb(text: string): string {
  let out = '';
  forEachOutsideStrings(text, (c, inString) => {
    if (inString || !JsonSpace.has(c)) out += c;
  });
  return out;
}

/**
 * Valid, compact JSON that Postgres can cast to jsonb without error. `\u` escapes are excluded
 * (jsonb rejects `\u0000` and lone surrogates, and would re-render the others anyway), and so are
 * exponents (jsonb rewrites them, and a huge one overflows numeric), so the cast never fails.
 */
function isJsonbCandidate(value: Buffer, text: string): boolean {
  if (text.length === 0 || !Buffer.from(text, 'utf8').equals(value)) return false;
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  if (text.includes('\\u')) return false;
  let candidate = true;
  let previous = '';
  forEachOutsideStrings(text, (c, inString) => {
    if (!inString && (JsonSpace.has(c) || ((c === 'e' || c === 'E') && /[0-9.]/.test(previous)))) candidate = false;
    previous = c;
  });
  return candidate;
}

/** Calls `visit` for each character, telling whether it belongs to a string literal (quotes included). */
function forEachOutsideStrings(text: string, visit: (c: string, inString: boolean) => void): void {
  let inString = false;
  let escaped = false;
  for (const c of text) {
    if (inString) {
      visit(c, true);
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else {
      if (c === '"') inString = true;
      visit(c, inString);
    }
  }
}
