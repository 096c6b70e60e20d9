const durationBrand: unique symbol = Symbol.for('dapr-ts.DurationError');

/** The field of a timer or reminder request a bad value came from; spelled as on the wire. */
export type DurationField = 'duration' | 'dueTime' | 'period' | 'ttl';

/**
 * A `dueTime`, `period` or `ttl` that cannot be parsed or makes no sense (a ttl ending before the
 * first fire). The runtime maps it to a 400 / `InvalidArgument`; the message names the field and
 * the text, so it can be shown to the caller as it is.
 */
export class DurationError extends Error {
  readonly [durationBrand] = true;
  override readonly name = 'DurationError';
  readonly field: DurationField;
  readonly text: string;

  constructor(field: DurationField, text: string, reason: string) {
    super(`invalid ${field} "${text}": ${reason}`);
    this.field = field;
    this.text = text;
  }
}

/** Brand check that survives duplicated module instances (jest), unlike `instanceof`. */
export function isDurationError(value: unknown): value is DurationError {
  return typeof value === 'object' && value !== null && (value as { [durationBrand]?: boolean })[durationBrand] === true;
}
