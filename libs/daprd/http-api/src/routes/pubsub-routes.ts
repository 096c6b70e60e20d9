import { commonErrors, pubsubErrors } from '@dapr-ts/daprd-errors';
import { isBinaryContentType, traceContextFrom, type BulkPublishEntryMessage, type PubSubApi, type TraceContext } from '@dapr-ts/daprd-pubsub';
import type { IncomingMessage } from 'node:http';
import { metadataFromQuery, parseJson, writeJson, writeNoContent, type HttpContext } from '../http-context';
import type { HttpRouter } from '../http-router';

/** Publish routes (dapr pkg/api/http/http.go onPublish / onBulkPublish). */
export function addPubSubRoutes(router: HttpRouter, api: PubSubApi): void {
  const neverAbort = new AbortController().signal;

  router.add(['POST', 'PUT'], '/v1.0/publish/:pubsubName/*', async (ctx) => {
    const contentType = header(ctx.req, 'content-type') ?? '';
    await api.publish({ pubsubName: ctx.params['pubsubName'] ?? '', topic: ctx.params['*'] ?? '', data: await ctx.body(), dataContentType: contentType, metadata: metadataFromQuery(ctx.query) }, traceOf(ctx.req), neverAbort);
    writeNoContent(ctx.res);
  });

  const bulk = async (ctx: HttpContext): Promise<void> => {
    const pubsubName = ctx.params['pubsubName'] ?? '';
    const topic = ctx.params['*'] ?? '';
    const body = await ctx.body();
    let parsed: unknown;
    try {
      parsed = parseJson(body);
    } catch (err) {
      throw pubsubErrors.bulkBody(pubsubName, topic, (err as Error).message);
    }
    const entries = bulkEntries(parsed, pubsubName, topic);
    const result = await api.bulkPublish({ pubsubName, topic, entries, metadata: metadataFromQuery(ctx.query) }, traceOf(ctx.req), neverAbort);
    if (result.failedEntries.length === 0) return writeNoContent(ctx.res);
    // Dapr writes `entryId`; the JS SDK looks failures up by `entryID`, so both are sent.
    writeJson(ctx.res, 500, {
      failedEntries: result.failedEntries.map((f) => ({ entryId: f.entryId, entryID: f.entryId, error: f.error })),
      errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE',
    });
  };
  router.add(['POST', 'PUT'], '/v1.0-alpha1/publish/bulk/:pubsubName/*', bulk);
  router.add(['POST', 'PUT'], '/v1.0/publish/bulk/:pubsubName/*', bulk);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function traceOf(req: IncomingMessage): TraceContext {
  return traceContextFrom(header(req, 'traceparent'), header(req, 'tracestate'));
}

/** `[{entryId, event, contentType, metadata}]`; the SDK spells it `entryID`. */
function bulkEntries(body: unknown, pubsubName: string, topic: string): BulkPublishEntryMessage[] {
  if (!Array.isArray(body)) throw pubsubErrors.bulkBody(pubsubName, topic, 'expected a JSON array of entries');
  return body.map((raw: unknown, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw pubsubErrors.bulkBody(pubsubName, topic, `entry [${i}] must be an object`);
    const entry = raw as { entryId?: unknown; entryID?: unknown; event?: unknown; contentType?: unknown; metadata?: unknown };
    const entryId = entry.entryId ?? entry.entryID;
    if (typeof entryId !== 'string') throw pubsubErrors.bulkBody(pubsubName, topic, `entry [${i}] needs a string entryId`);
    if (entry.event === undefined) throw pubsubErrors.bulkBody(pubsubName, topic, `entry [${i}] has no event`);
    const contentType = typeof entry.contentType === 'string' ? entry.contentType : '';
    return { entryId, event: eventBytes(entry.event, contentType), contentType, metadata: stringMap(entry.metadata, `entry [${i}].metadata`) };
  });
}

/** A string event is the payload itself (base64 for binary types); anything else is JSON. */
function eventBytes(event: unknown, contentType: string): Buffer {
  if (typeof event === 'string') return isBinaryContentType(contentType) ? Buffer.from(event, 'base64') : Buffer.from(event, 'utf8');
  return Buffer.from(JSON.stringify(event), 'utf8');
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw commonErrors.malformedRequest(`${where} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}
