const resourceErrorBrand: unique symbol = Symbol.for('dapr-ts.resources.ResourceError');

/** What went wrong and where; see {@link ResourceError}. */
export interface ResourceErrorDetails {
  /** The file (or resources path) at fault. */
  file: string;
  /** The problem itself, e.g. `is required`. */
  problem: string;
  /** The resource, as `Component "statestore"`; absent for file-level problems. */
  resource?: string;
  /** The field path inside the resource, e.g. `spec.metadata[redisHost]`. */
  field?: string;
  cause?: unknown;
}

/**
 * A resource file is missing, unreadable or invalid. The message reads
 * `<file>: <resource>: <field>: <problem>`, leaving out the parts that do not apply, so a user can go
 * straight to the line. Code should read the fields, never the message.
 */
export class ResourceError extends Error {
  readonly [resourceErrorBrand] = true;
  override readonly name = 'ResourceError';
  readonly file: string;
  readonly problem: string;
  readonly resource?: string;
  readonly field?: string;

  constructor(details: ResourceErrorDetails) {
    const parts = [details.file, details.resource, details.field, details.problem].filter((part): part is string => part !== undefined && part !== '');
    super(parts.join(': '), details.cause === undefined ? undefined : { cause: details.cause });
    this.file = details.file;
    this.problem = details.problem;
    if (details.resource !== undefined) this.resource = details.resource;
    if (details.field !== undefined) this.field = details.field;
  }
}

/** True for a {@link ResourceError}, also across module copies (Jest), where `instanceof` fails. */
export function isResourceError(value: unknown): value is ResourceError {
  return typeof value === 'object' && value !== null && (value as { [resourceErrorBrand]?: unknown })[resourceErrorBrand] === true;
}
