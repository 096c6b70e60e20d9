const brand: unique symbol = Symbol.for('dapr-ts.SubscriptionNotFoundError');

/** `unsubscribe` was given an id the store does not know, or one already stopped. */
export class SubscriptionNotFoundError extends Error {
  readonly [brand] = true;
  override readonly name = 'SubscriptionNotFoundError';
  readonly id: string;

  constructor(id: string) {
    super(`subscription ${id} does not exist`);
    this.id = id;
  }
}

/** Brand check that survives module duplication (jest, bundling), unlike `instanceof`. */
export function isSubscriptionNotFoundError(value: unknown): value is SubscriptionNotFoundError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}
