/**
 * A value prepared for a SQL store. Dapr's SQL layouts (contrib state/postgresql, state/mysql,
 * state/sqlite) keep UTF-8 JSON as JSON and any other bytes as base64 with a binary flag. The
 * state API must give back the bytes that were saved, so a store keeps JSON as JSON only where
 * it reads back exactly; which of these fields it uses depends on its column type.
 */
export interface EncodedStateValue {
  /** The value as text when it is non-empty, valid UTF-8 JSON; else null (store it as binary). */
  json: string | null;
  /**
   * What a server that re-renders JSON documents (Postgres jsonb, MySQL's JSON type) prints for
   * the value when it survives unchanged: the compact JSON with one space after every `:` and `,`
   * outside strings. Null when the value is not compact JSON, or has `\u` escapes or exponents,
   * which such servers rewrite. The server makes the final comparison (key order, number forms),
   * being the authority on its own format.
   */
  spacedRendering: string | null;
  /** The value in standard base64, for the binary fallback. */
  base64: string;
}

/** How a store lays a value out, for {@link decodeStateValue}. */
export interface StoredValueFormat {
  /** Names the store in errors, e.g. `state.postgresql`. */
  component: string;
  /** Binary values are a JSON string holding the base64 (JSON columns), not bare base64 text. */
  binaryAsJsonString: boolean;
  /** JSON comes back as {@link EncodedStateValue.spacedRendering} and must be compacted again. */
  compactJson: boolean;
}

/** Whitespace allowed between JSON tokens. */
const JsonSpace = new Set([' ', '\t', '\n', '\r']);

export function encodeStateValue(value: Buffer): EncodedStateValue {
  const base64 = value.toString('base64');
  const text = value.toString('utf8');
  if (text.length === 0 || !Buffer.from(text, 'utf8').equals(value) || !isJson(text)) return { json: null, spacedRendering: null, base64 };
  return { json: text, spacedRendering: isRenderedUnchanged(text) ? spacedJson(text) : null, base64 };
}

/** The bytes of a stored value: `stored` is the value column as text, `isBinary` the binary flag. */
export function decodeStateValue(stored: string, isBinary: boolean, format: StoredValueFormat): Buffer {
  if (!isBinary) return Buffer.from(format.compactJson ? compactJson(stored) : stored, 'utf8');
  if (!format.binaryAsJsonString) return Buffer.from(stored, 'base64');
  const parsed: unknown = JSON.parse(stored);
  if (typeof parsed !== 'string') throw new Error(`${format.component}: a row marked isbinary does not hold a base64 string`);
  return Buffer.from(parsed, 'base64');
}

/** Compact JSON as jsonb and MySQL print it: one space after every `:` and `,` outside strings. */
export function spacedJson(compact: string): string {
  let out = '';
  forEachOutsideStrings(compact, (c, inString) => {
    out += c;
    if (!inString && (c === ':' || c === ',')) out += ' ';
  });
  return out;
}

/** JSON text without the whitespace between tokens; the inverse of {@link spacedJson}. */
export function compactJson(text: string): string {
  let out = '';
  forEachOutsideStrings(text, (c, inString) => {
    if (inString || !JsonSpace.has(c)) out += c;
  });
  return out;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compact JSON that a re-rendering server may print back unchanged. `\u` escapes are excluded
 * (jsonb rejects `\u0000` and lone surrogates, and both servers re-render the others), and so are
 * exponents (rewritten, and a huge one overflows Postgres's numeric), so a cast never fails.
 */
function isRenderedUnchanged(text: string): boolean {
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
