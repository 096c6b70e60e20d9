import type { IncomingMessage, ServerResponse } from 'node:http';
import { commonErrors, isDaprApiError, type DaprApiError } from '@dapr-ts/daprd-errors';

/** What a route handler gets: the raw request/response plus parsed path params and query. */
export interface HttpContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  /** Reads the whole body, refusing more than `--max-body-size` bytes. */
  body(): Promise<Buffer>;
}

export type RouteHandler = (ctx: HttpContext) => Promise<void>;

/** Reads a request body up to `limit` bytes; stops reading and rejects with ERR_BODY_READ past it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? -1);
  if (declared > limit) return Promise.reject(commonErrors.bodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(commonErrors.bodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(commonErrors.bodyRead(err.message));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Parses a JSON body, answering ERR_MALFORMED_REQUEST for bad JSON. Empty body → undefined. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw commonErrors.malformedRequest((err as Error).message);
  }
}

/** `metadata.<k>=<v>` query parameters as a map (Dapr's request metadata convention). */
export function metadataFromQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) if (key.startsWith('metadata.')) out[key.slice('metadata.'.length)] = value;
  return out;
}

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export function writeNoContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(204, headers);
  res.end();
}

/** The one HTTP error funnel: a DaprApiError becomes `{errorCode, message, details}`; anything else a 500. */
export function writeError(res: ServerResponse, err: unknown): DaprApiError {
  const apiError = isDaprApiError(err) ? err : commonErrors.internal(err instanceof Error ? err.message : String(err), err);
  if (res.headersSent) {
    res.destroy();
    return apiError;
  }
  writeJson(res, apiError.httpStatus, apiError.toJSON());
  return apiError;
}
