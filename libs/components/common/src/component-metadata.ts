/** What a component receives at init: its resource name and resolved metadata properties. */
export interface ComponentMetadata {
  /** The component's resource name (`metadata.name`), which is also its API name. */
  name: string;
  /** Namespace of the sidecar that loaded it, if any. */
  namespace?: string;
  /** The app id of the sidecar that loaded it. */
  appId?: string;
  /** `spec.metadata` with secrets and `${ENV}` references already resolved; values are strings. */
  properties: Record<string, string>;
}

/** A metadata value is missing or invalid. The runtime reports the field by name. */
const brand: unique symbol = Symbol.for('dapr-ts.MetadataError');

export class MetadataError extends Error {
  readonly [brand] = true;
  override readonly name = 'MetadataError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`metadata field "${field}": ${message}`);
    this.field = field;
  }
}

/** Brand check that survives module duplication (jest, bundling), unlike `instanceof`. */
export function isMetadataError(value: unknown): value is MetadataError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}
