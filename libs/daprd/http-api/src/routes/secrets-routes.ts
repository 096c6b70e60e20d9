import type { SecretsApi } from '@dapr-ts/daprd-secrets';
import { metadataFromQuery, writeJson, writeNoContent } from '../http-context';
import type { HttpRouter } from '../http-router';

/** Secrets routes (Dapr pkg/api/http/secrets.go). A missing secret answers 204, as Dapr's docs say. */
export function addSecretsRoutes(router: HttpRouter, api: SecretsApi): void {
  const neverAbort = new AbortController().signal;

  router.add('GET', '/v1.0/secrets/:storeName/bulk', async (ctx) => {
    const result = await api.getBulkSecret({ storeName: ctx.params['storeName'] ?? '', metadata: metadataFromQuery(ctx.query) }, neverAbort);
    writeJson(ctx.res, 200, result);
  });

  router.add('GET', '/v1.0/secrets/:storeName/:key', async (ctx) => {
    const secret = await api.getSecret({ storeName: ctx.params['storeName'] ?? '', key: ctx.params['key'] ?? '', metadata: metadataFromQuery(ctx.query) }, neverAbort);
    if (!secret) return writeNoContent(ctx.res);
    writeJson(ctx.res, 200, secret);
  });
}
