import type { DaprdProcess } from '@dapr-ts/testing';

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * One plain HTTP call to a sidecar's `/v1.0/actors/...` API, for what the SDK cannot express
 * (ISO repetitions, bad durations, reminder GET) and for asserting status codes on the wire.
 * `path` starts after `/v1.0/actors/`; path segments must already be encoded.
 */
export async function actorApi(daprd: DaprdProcess, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<RawResponse> {
  const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/actors/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/** `errorCode` of a Dapr error body, or undefined. */
export function errorCodeOf(res: RawResponse): string | undefined {
  return (res.json as { errorCode?: string } | undefined)?.errorCode;
}

/** The HTTP status the SDK's HTTP client puts in the message of the errors it throws. */
export function sdkHttpStatus(err: Error): number | undefined {
  try {
    return (JSON.parse(err.message) as { status?: number }).status;
  } catch {
    return undefined;
  }
}
