import type { MetadataApi } from '@dapr-ts/daprd-metadata';
import { commonErrors } from '@dapr-ts/daprd-errors';
import { writeJson, writeNoContent } from '../http-context';
import type { HttpRouter } from '../http-router';

/** Metadata routes. The SDK polls GET /v1.0/metadata to learn the sidecar is up. */
export function addMetadataRoutes(router: HttpRouter, api: MetadataApi): void {
  router.add('GET', '/v1.0/metadata', async (ctx) => {
    writeJson(ctx.res, 200, api.get());
  });
  router.add('PUT', '/v1.0/metadata/:key', async (ctx) => {
    const key = ctx.params['key'] ?? '';
    if (key === '') throw commonErrors.badRequest('metadata key is empty');
    api.set(key, (await ctx.body()).toString('utf8'));
    writeNoContent(ctx.res);
  });
}
