import { commonErrors } from '@dapr-ts/daprd-errors';
import type { LockApi } from '@dapr-ts/daprd-lock';
import { parseJson, writeJson, type HttpContext } from '../http-context';
import type { HttpRouter } from '../http-router';

/**
 * Distributed lock alpha1 (dapr pkg/api/http/lock.go). `success` and the numeric `status` are
 * always written, `false` and `0` included: the SDK reads a missing `status` as an internal error.
 */
export function addLockRoutes(router: HttpRouter, api: LockApi): void {
  const neverAbort = new AbortController().signal;

  router.add('POST', '/v1.0-alpha1/lock/:storeName', async (ctx) => {
    const body = objectBody(await bodyOf(ctx));
    const expiry = body['expiryInSeconds'] ?? 0;
    if (typeof expiry !== 'number' || !Number.isInteger(expiry)) throw commonErrors.malformedRequest('"expiryInSeconds" must be a whole number of seconds');
    const result = await api.tryLock({ storeName: ctx.params['storeName'] ?? '', resourceId: stringField(body, 'resourceId'), lockOwner: stringField(body, 'lockOwner'), expiryInSeconds: expiry }, neverAbort);
    writeJson(ctx.res, 200, { success: result.success });
  });

  router.add('POST', '/v1.0-alpha1/unlock/:storeName', async (ctx) => {
    const body = objectBody(await bodyOf(ctx));
    const result = await api.unlock({ storeName: ctx.params['storeName'] ?? '', resourceId: stringField(body, 'resourceId'), lockOwner: stringField(body, 'lockOwner') }, neverAbort);
    writeJson(ctx.res, 200, { status: result.status });
  });
}

async function bodyOf(ctx: HttpContext): Promise<unknown> {
  return parseJson(await ctx.body());
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw commonErrors.malformedRequest('expected a JSON object');
  return body as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw commonErrors.malformedRequest(`"${name}" must be a string`);
  return value;
}
