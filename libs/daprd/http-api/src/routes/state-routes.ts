import { commonErrors, stateErrors } from '@dapr-ts/daprd-errors';
import type { StateApi, StateItemMessage, StateOptionsMessage } from '@dapr-ts/daprd-state';
import { metadataFromQuery, parseJson, writeNoContent, type HttpContext } from '../http-context';
import type { HttpRouter } from '../http-router';

/** State routes (Dapr pkg/api/http/state.go), JSON ⇄ the proto-shaped messages of StateApi. */
export function addStateRoutes(router: HttpRouter, api: StateApi): void {
  const neverAbort = new AbortController().signal;

  router.add('GET', '/v1.0/state/:storeName/:key', async (ctx) => {
    const storeName = param(ctx, 'storeName');
    const found = await api.getState(
      { storeName, key: param(ctx, 'key'), consistency: consistencyNumber(ctx.query.get('consistency')), metadata: metadataFromQuery(ctx.query) },
      neverAbort,
    );
    if (!found || found.data.length === 0) return writeNoContent(ctx.res);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (found.etag) headers['etag'] = found.etag;
    for (const [k, v] of Object.entries(found.metadata)) headers[`metadata.${k}`] = v;
    ctx.res.writeHead(200, { ...headers, 'content-length': found.data.length });
    ctx.res.end(found.data);
  });

  router.add(['POST', 'PUT'], '/v1.0/state/:storeName', async (ctx) => {
    const storeName = param(ctx, 'storeName');
    api.store(storeName);
    const body = parseJson(await ctx.body());
    if (!Array.isArray(body)) throw commonErrors.malformedRequest('expected a JSON array of state items');
    const queryMetadata = metadataFromQuery(ctx.query);
    const states = body.map((raw, i) => stateItem(raw, `[${i}]`, queryMetadata));
    await api.saveState({ storeName, states }, neverAbort);
    writeNoContent(ctx.res);
  });

  router.add('DELETE', '/v1.0/state/:storeName/:key', async (ctx) => {
    const ifMatch = ctx.req.headers['if-match'];
    await api.deleteState(
      {
        storeName: param(ctx, 'storeName'),
        key: param(ctx, 'key'),
        etag: typeof ifMatch === 'string' && ifMatch !== '' ? { value: ifMatch } : undefined,
        options: options(ctx.query.get('concurrency') ?? undefined, ctx.query.get('consistency') ?? undefined),
        metadata: metadataFromQuery(ctx.query),
      },
      neverAbort,
    );
    writeNoContent(ctx.res);
  });

  router.add(['POST', 'PUT'], '/v1.0/state/:storeName/bulk', async (ctx) => {
    const storeName = param(ctx, 'storeName');
    api.store(storeName);
    const body = parseJson(await ctx.body()) as { keys?: unknown; parallelism?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !Array.isArray(body.keys) || !body.keys.every((k) => typeof k === 'string')) {
      throw commonErrors.malformedRequest('expected {"keys": [string, ...], "parallelism": number}');
    }
    const parallelism = typeof body.parallelism === 'number' ? body.parallelism : 0;
    const items = await api.getBulkState({ storeName, keys: body.keys as string[], parallelism, metadata: metadataFromQuery(ctx.query) }, neverAbort);
    writeRawJsonArray(
      ctx,
      items.map((item) => {
        const parts = [`"key":${JSON.stringify(item.key)}`];
        if (item.data.length > 0) parts.push(`"data":${jsonFragment(item.data)}`);
        if (item.etag) parts.push(`"etag":${JSON.stringify(item.etag)}`);
        if (Object.keys(item.metadata).length > 0) parts.push(`"metadata":${JSON.stringify(item.metadata)}`);
        if (item.error) parts.push(`"error":${JSON.stringify(item.error)}`);
        return `{${parts.join(',')}}`;
      }),
    );
  });

  router.add(['POST', 'PUT'], '/v1.0/state/:storeName/transaction', async (ctx) => {
    const storeName = param(ctx, 'storeName');
    api.store(storeName);
    const body = parseJson(await ctx.body()) as { operations?: unknown; metadata?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !Array.isArray(body.operations)) throw commonErrors.malformedRequest('expected {"operations": [...], "metadata": {...}}');
    const operations = body.operations.map((raw: unknown, i: number) => {
      const op = raw as { operation?: unknown; request?: unknown } | null;
      if (!op || typeof op !== 'object' || typeof op.operation !== 'string') throw commonErrors.malformedRequest(`operations[${i}].operation must be "upsert" or "delete"`);
      return { operationType: op.operation, request: stateItem(op.request, `operations[${i}].request`, {}) };
    });
    await api.executeStateTransaction({ storeName, operations, metadata: stringMap(body.metadata, 'metadata') }, neverAbort);
    writeNoContent(ctx.res);
  });

  router.add(['POST', 'PUT'], '/v1.0-alpha1/state/:storeName/query', async (ctx) => {
    api.store(param(ctx, 'storeName'));
    await ctx.body();
    // No store here implements the query API yet; Dapr answers stores without it this way.
    throw stateErrors.queryUnsupported();
  });
}

function param(ctx: HttpContext, name: string): string {
  return ctx.params[name] ?? '';
}

/** A JSON state item → StateItem message; `value` is stored as its JSON text, like Dapr does. */
function stateItem(raw: unknown, where: string, queryMetadata: Record<string, string>): StateItemMessage {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw commonErrors.malformedRequest(`${where} must be an object with a "key"`);
  const item = raw as { key?: unknown; value?: unknown; etag?: unknown; metadata?: unknown; options?: unknown };
  if (typeof item.key !== 'string') throw commonErrors.malformedRequest(`${where}.key must be a string`);
  const etag = item.etag === undefined || item.etag === null || item.etag === '' ? undefined : { value: String(item.etag) };
  const opts = item.options as { concurrency?: unknown; consistency?: unknown } | undefined | null;
  if (opts !== undefined && opts !== null && typeof opts !== 'object') throw commonErrors.malformedRequest(`${where}.options must be an object`);
  return {
    key: item.key,
    value: Buffer.from(item.value === undefined ? 'null' : JSON.stringify(item.value)),
    etag,
    metadata: { ...stringMap(item.metadata, `${where}.metadata`), ...queryMetadata },
    options: opts ? options(opts.concurrency, opts.consistency) : undefined,
  };
}

function options(concurrency: unknown, consistency: unknown): StateOptionsMessage | undefined {
  const c = concurrency === undefined || concurrency === '' ? 0 : concurrency === 'first-write' ? 1 : concurrency === 'last-write' ? 2 : -1;
  if (c < 0) throw commonErrors.malformedRequest(`unrecognized concurrency model '${String(concurrency)}'`);
  const s = consistencyNumber(consistency);
  return c === 0 && s === 0 ? undefined : { concurrency: c, consistency: s };
}

function consistencyNumber(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  if (value === 'eventual') return 1;
  if (value === 'strong') return 2;
  throw commonErrors.malformedRequest(`unrecognized consistency model '${String(value)}'`);
}

function stringMap(raw: unknown, where: string): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw commonErrors.malformedRequest(`${where} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** Stored JSON is embedded as-is; anything else is returned as a JSON string. */
function jsonFragment(data: Buffer): string {
  const text = data.toString('utf8');
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(text);
  }
}

function writeRawJsonArray(ctx: HttpContext, items: string[]): void {
  const payload = `[${items.join(',')}]`;
  ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  ctx.res.end(payload);
}

