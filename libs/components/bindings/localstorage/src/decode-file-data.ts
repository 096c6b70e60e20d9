/** Standard Base64 with padding, as Go's base64.StdEncoding accepts it. */
const Base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The bytes `create` writes, decoded as Dapr's bindings.localstorage does: a JSON string literal
 * (`"Hello"`, what the HTTP API passes for `"data": "Hello"`) is unquoted first, then text that
 * is valid standard Base64 is decoded ("The binding should automatically detect the Base64
 * encoding", Dapr docs). So `aGVsbG8=` is stored as `hello`, and so is any other text that happens
 * to be valid Base64, such as `test`: a Dapr quirk kept for compatibility.
 */
export function decodeFileData(data: Uint8Array): Uint8Array {
  let bytes = data;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const unquoted: unknown = JSON.parse(text);
      if (typeof unquoted === 'string') bytes = Buffer.from(unquoted, 'utf8');
    } catch {
      // Not a JSON string literal: keep the bytes as they are.
    }
  }
  const candidate = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (candidate.length > 0 && Base64.test(candidate)) return Buffer.from(candidate, 'base64');
  return bytes;
}
