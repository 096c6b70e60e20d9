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
export class MetadataError extends Error {
  override readonly name = 'MetadataError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`metadata field "${field}": ${message}`);
  }
}
