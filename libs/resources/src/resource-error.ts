const brand: unique symbol = Symbol.for('dapr-ts.ResourceError');

/** A resource file is unreadable or invalid. The message names the file, the resource and the field. */
export class ResourceError extends Error {
  readonly [brand] = true;
  override readonly name = 'ResourceError';
  constructor(
    readonly file: string,
    problem: string,
    readonly resource?: string,
    readonly field?: string,
  ) {
    super(`${file}: ${resource ? `${resource}: ` : ''}${field ? `${field}: ` : ''}${problem}`);
  }
}

export function isResourceError(value: unknown): value is ResourceError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}
