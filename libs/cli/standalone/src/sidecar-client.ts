import { CliError } from './cli-error';
import type { RegisteredSidecar } from './sidecar-registry';

/** A response from a sidecar, body as text. */
export interface SidecarResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface InvokeRequest {
  /** The caller's view of the target: its own sidecar is called, as the Go CLI does. */
  sidecar: RegisteredSidecar;
  method: string;
  /** HTTP verb for the app; the Go CLI's default is POST. */
  verb: string;
  data?: string;
  apiToken?: string;
}

export interface PublishRequest {
  sidecar: RegisteredSidecar;
  pubsub: string;
  topic: string;
  data: string;
  /** Sent as `metadata.<key>` query parameters (e.g. `ttlInSeconds`, `rawPayload`). */
  metadata: Readonly<Record<string, string>>;
  apiToken?: string;
}

function headers(apiToken: string | undefined, contentType?: string): Record<string, string> {
  return { ...(apiToken ? { 'dapr-api-token': apiToken } : {}), ...(contentType ? { 'content-type': contentType } : {}) };
}

/** JSON bodies go as JSON, CloudEvents as CloudEvents, anything else as text (the sidecar wraps it). */
export function contentTypeFor(data: string): string {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && 'specversion' in parsed ? 'application/cloudevents+json' : 'application/json';
  } catch {
    return 'text/plain';
  }
}

/** The `message` of a Dapr error body, else the raw body. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return body.trim();
}

async function send(url: string, init: RequestInit, what: string): Promise<SidecarResponse> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new CliError(`${what}: the sidecar did not answer (${(err as Error).message}); check it still runs with 'dapr list'`, { cause: err });
  }
  const body = await res.text();
  const response = { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
  if (res.status >= 300) throw new CliError(`${what}: status ${res.status}${body.trim() === '' ? '' : `: ${errorText(body)}`}`);
  return response;
}

/** `dapr invoke`: calls `method` on the app through its sidecar's invoke API. */
export async function invokeApp(request: InvokeRequest, signal: AbortSignal): Promise<SidecarResponse> {
  const { sidecar, method, verb, data, apiToken } = request;
  const path = method.replace(/^\/+/, '');
  const url = `http://127.0.0.1:${sidecar.httpPort}/v1.0/invoke/${encodeURIComponent(sidecar.appId)}/method/${path}`;
  const hasBody = data !== undefined && verb !== 'GET' && verb !== 'HEAD';
  return send(url, { method: verb, headers: headers(apiToken, hasBody ? contentTypeFor(data) : undefined), body: hasBody ? data : undefined, signal }, `error invoking app ${sidecar.appId}`);
}

/** `dapr publish`: publishes through the given app's sidecar. */
export async function publishEvent(request: PublishRequest, signal: AbortSignal): Promise<SidecarResponse> {
  const { sidecar, pubsub, topic, data, metadata, apiToken } = request;
  const query = new URLSearchParams(Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`metadata.${k}`, v]))).toString();
  const url = `http://127.0.0.1:${sidecar.httpPort}/v1.0/publish/${encodeURIComponent(pubsub)}/${encodeURIComponent(topic)}${query ? `?${query}` : ''}`;
  return send(url, { method: 'POST', headers: headers(apiToken, contentTypeFor(data)), body: data, signal }, `error publishing to ${pubsub}/${topic}`);
}

/** Records a value in the sidecar's `extended` metadata, where `dapr list` finds it. */
export async function putExtendedMetadata(httpPort: number, key: string, value: string, signal: AbortSignal, apiToken?: string): Promise<void> {
  await send(`http://127.0.0.1:${httpPort}/v1.0/metadata/${encodeURIComponent(key)}`, { method: 'PUT', headers: headers(apiToken, 'text/plain'), body: value, signal }, `error recording ${key} in the sidecar's metadata`);
}
