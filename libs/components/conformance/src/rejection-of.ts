import { isETagError, type ETagError, type ETagErrorKind } from '@dapr-ts/components-state';

/** The error `promise` rejects with; throws when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/** Asserts that `promise` rejects with an ETagError of `kind` (checked by brand, not instanceof). */
export async function expectETagError(promise: Promise<unknown>, kind: ETagErrorKind): Promise<ETagError> {
  const err = await rejectionOf(promise);
  if (!isETagError(err)) throw new Error(`expected ETagError(${kind}), got ${describeError(err)}`);
  expect(err.kind).toBe(kind);
  return err;
}

/** `Name: message` of an error, duck-typed (instanceof Error fails across Jest's module realms). */
export function describeError(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) return `${String((err as { name?: unknown }).name ?? 'Error')}: ${String(err.message)}`;
  return String(err);
}

/** The error `promise` rejects with, or the text `no error` when it resolves: for exact assertions. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'no error',
    (err: unknown) => err,
  );
}

/** The ETagError kind `promise` rejects with, else what happened instead (`no error`, or the error as text). */
export async function etagErrorKind(promise: Promise<unknown>): Promise<ETagErrorKind | string> {
  const err = await failureOf(promise);
  return isETagError(err) ? err.kind : String(err);
}
