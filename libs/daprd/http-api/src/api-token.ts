import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/**
 * True when the request may pass the API token check. Only `GET /v1.0/healthz` and
 * `GET /v1.0/healthz/outbound` are exempt, matched on the exact path (query and trailing slashes
 * removed), so `?x=/healthz`, `POST /v1.0/healthz` or `/v1.0/healthz/../state` do not bypass it.
 */
export function isAuthorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  if (req.method === 'GET') {
    const path = (req.url ?? '').split('?')[0]?.replace(/\/+$/, '');
    if (path === '/v1.0/healthz' || path === '/v1.0/healthz/outbound') return true;
  }
  const given = req.headers['dapr-api-token'];
  return typeof given === 'string' && tokensEqual(given, token);
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
