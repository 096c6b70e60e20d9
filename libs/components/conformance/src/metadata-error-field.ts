import { isMetadataError } from '@dapr-ts/components-common';

/** The field of the MetadataError `parse` throws, or what happened instead (`no error`, or the error as text). */
export function metadataErrorField(parse: () => unknown): string {
  try {
    parse();
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? err.field : String(err);
  }
}
