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
  if (!isETagError(err)) throw new Error(`expected ETagError(${kind}), got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  expect(err.kind).toBe(kind);
  return err;
}
