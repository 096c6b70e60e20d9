/** Content-type classes as Dapr's contenttype package sees them (media type, parameters ignored). */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export const CloudEventContentType = 'application/cloudevents+json';

export function isCloudEventContentType(contentType: string): boolean {
  return mediaType(contentType) === CloudEventContentType;
}

/** `application/json`, `text/json` and any `+json` suffix: the payload is embedded as a JSON value. */
export function isJsonContentType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

/** Payloads that are not text: carried as `data_base64`. */
export function isBinaryContentType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type === 'application/octet-stream' || type === 'application/x-protobuf' || type === 'application/protobuf' || type === 'application/avro' || type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/');
}
