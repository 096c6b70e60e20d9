/**
 * Settles like `promise`, or rejects with `signal`'s reason as soon as it aborts. The operation
 * itself goes on: callers that own a resource it may still produce (a late connection) release it.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/**
 * An error's message, for logs and wrapped errors. Duck-typed, because `instanceof Error` fails for
 * errors made in another realm (Jest's module registries, vm contexts); anything else is `String(err)`.
 */
export function errorMessage(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const { message, errors } = err as { message?: unknown; errors?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  // AggregateError (e.g. every address of a host refused) has an empty message: name the causes.
  if (Array.isArray(errors) && errors.length > 0) return errors.map(errorMessage).join('; ');
  return String(err);
}
