import { ErrorCode, isDaprApiError } from '@dapr-ts/daprd-errors';
import { configurationItemsJson, type ConfigurationApi } from '@dapr-ts/daprd-configuration';
import { metadataFromQuery, writeJson, writeNoContent } from '../http-context';
import type { HttpRouter } from '../http-router';

/** Both the stable and the alpha1 paths are served, as Dapr 1.16 does. */
const Versions = ['v1.0', 'v1.0-alpha1'] as const;

/**
 * Configuration API routes (dapr pkg/api/http/http.go, configuration endpoints). An empty result
 * is 204; updates of a subscription are POSTed to the app. An unsubscribe that fails answers 500
 * with Dapr's `{"ok": false, "message"}` body rather than the usual error body.
 */
export function addConfigurationRoutes(router: HttpRouter, api: ConfigurationApi): void {
  const neverAbort = new AbortController().signal;

  for (const version of Versions) {
    router.add('GET', `/${version}/configuration/:storeName`, async (ctx) => {
      const items = await api.get({ storeName: ctx.params['storeName'] ?? '', keys: ctx.query.getAll('key'), metadata: metadataFromQuery(ctx.query) }, neverAbort);
      if (Object.keys(items).length === 0) return writeNoContent(ctx.res);
      writeJson(ctx.res, 200, configurationItemsJson(items));
    });

    router.add('GET', `/${version}/configuration/:storeName/subscribe`, async (ctx) => {
      const id = await api.subscribeApp({ storeName: ctx.params['storeName'] ?? '', keys: ctx.query.getAll('key'), metadata: metadataFromQuery(ctx.query) }, neverAbort);
      writeJson(ctx.res, 200, { id });
    });

    router.add('GET', `/${version}/configuration/:storeName/:subscriptionId/unsubscribe`, async (ctx) => {
      let result;
      try {
        result = await api.unsubscribe({ storeName: ctx.params['storeName'] ?? '', id: ctx.params['subscriptionId'] ?? '' }, neverAbort);
      } catch (err) {
        if (isDaprApiError(err) && err.errorCode === ErrorCode.ConfigurationUnsubscribe) result = { ok: false as const, message: err.message };
        else throw err;
      }
      writeJson(ctx.res, result.ok ? 200 : 500, result);
    });
  }
}
