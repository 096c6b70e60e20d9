/**
 * Normalises the method part of an invocation URL once, before any check or forwarding
 * (Dapr 1.16.14+ does the same): segments are percent-decoded, `.`/`..` resolved without leaving
 * the root, and control characters, `#` and `?` refused. Returns the decoded method (for gRPC apps
 * and ACLs) and a re-encoded path (for HTTP apps) in which an encoded `/` inside a segment stays encoded.
 */
export interface MethodPath {
  decoded: string;
  encoded: string;
}

export class InvalidMethodError extends Error {
  override readonly name = 'InvalidMethodError';
}

export function normalizeMethodPath(raw: string): MethodPath {
  if (!/[%]|(^|\/)\.\.?(\/|$)/.test(raw) && !hasForbidden(raw)) {
    const clean = raw.replace(/^\/+/, '');
    return { decoded: clean, encoded: clean };
  }
  const out: string[] = [];
  for (const segment of raw.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new InvalidMethodError(`malformed percent-encoding in "${segment}"`);
    }
    if (hasForbidden(decoded)) throw new InvalidMethodError('method contains a forbidden character (control character, # or ?)');
    if (decoded === '' || decoded === '.') continue;
    if (decoded === '..') {
      out.pop();
      continue;
    }
    out.push(decoded);
  }
  // A segment that decoded to contain '/' and '..' (e.g. `a%2F..%2Fb`) is resolved as a path too.
  const flat: string[] = [];
  for (const part of out.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') flat.pop();
    else flat.push(part);
  }
  const decodedPath = flat.join('/');
  const encoded = out.some((s) => s.split('/').includes('..')) ? flat.map(encodeURIComponent).join('/') : out.map(encodeURIComponent).join('/');
  return { decoded: decodedPath, encoded };
}

function hasForbidden(text: string): boolean {
  return /[\u0000-\u001f\u007f#?]/.test(text);
}
