const brand: unique symbol = Symbol.for('dapr-ts.HttpStatusError');

/**
 * The endpoint answered outside 2xx while `errorIfNot2XX` is on. Not a BindingRequestError: the
 * target's 4xx is not the Dapr caller's mistake, so the runtime reports it as a failed invocation.
 */
export class HttpStatusError extends Error {
  readonly [brand] = true;
  override readonly name = 'HttpStatusError';
  readonly statusCode: number;
  /** The response body, cut at `maxResponseBodySize`. */
  readonly body: Uint8Array;

  constructor(statusCode: number, body: Uint8Array) {
    // Mirrors contrib's message, so clients matching Dapr's text keep working.
    super(`received status code ${statusCode}`);
    this.statusCode = statusCode;
    this.body = body;
  }
}

/** Brand check that survives module duplication (jest, bundling), unlike `instanceof`. */
export function isHttpStatusError(value: unknown): value is HttpStatusError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}
