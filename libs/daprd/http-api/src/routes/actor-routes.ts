import { ActorAppError, type ActorsApi, type ActorCallResponse } from '@dapr-ts/daprd-actors';
import { commonErrors } from '@dapr-ts/daprd-errors';
import { isForwardableHeader, toHeaderMap } from '@dapr-ts/daprd-invocation';
import { parseJson, writeJson, writeNoContent, type HttpContext } from '../http-context';
import { AllMethods, type HttpRouter } from '../http-router';

const base = '/v1.0/actors/:actorType/:actorId';

/**
 * The actor API (dapr pkg/api/http/actors.go): method calls with any verb (forwarded to the
 * app as PUT), state, timers and reminders. Ids arrive URL-encoded per segment (`a%2Fb` is the
 * id `a/b`), which the router decodes.
 */
export function addActorRoutes(router: HttpRouter, api: ActorsApi): void {
  router.add(AllMethods, `${base}/method/*`, async (ctx) => {
    const headers = toHeaderMap(ctx.req.headers);
    delete headers['content-type'];
    const abort = new AbortController();
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) abort.abort();
    });
    try {
      const response = await api.invoke({ ...actorOf(ctx), method: ctx.params['*'] ?? '', data: await ctx.body(), headers }, abort.signal);
      writeActorResponse(ctx, 200, response);
    } catch (err) {
      // An error the actor itself answered goes back with its own status, headers and body.
      if (err instanceof ActorAppError) return writeActorResponse(ctx, err.response.status, err.response);
      throw err;
    }
  });

  router.add('GET', `${base}/state/:key`, async (ctx) => {
    const { actorType, actorId } = actorOf(ctx);
    const value = await api.getState(actorType, actorId, ctx.params['key'] ?? '', new AbortController().signal);
    if (value === undefined || value.length === 0) return writeNoContent(ctx.res);
    ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': value.length });
    ctx.res.end(value);
  });

  router.add(['POST', 'PUT'], `${base}/state`, async (ctx) => {
    const { actorType, actorId } = actorOf(ctx);
    const body = parseJson(await ctx.body()) ?? [];
    if (!Array.isArray(body)) throw commonErrors.malformedRequest('expected a JSON array of operations');
    const operations = body.map((entry: unknown, i) => {
      if (typeof entry !== 'object' || entry === null) throw commonErrors.malformedRequest(`operation ${i} must be an object`);
      const op = entry as Record<string, unknown>;
      const request = (typeof op['request'] === 'object' && op['request'] !== null ? op['request'] : {}) as Record<string, unknown>;
      const metadata = request['metadata'];
      return {
        operation: String(op['operation'] ?? ''),
        key: typeof request['key'] === 'string' ? request['key'] : '',
        ...('value' in request ? { value: Buffer.from(JSON.stringify(request['value'])) } : {}),
        metadata: stringMap(metadata, `operation ${i} metadata`),
      };
    });
    await api.executeStateTransaction(actorType, actorId, operations, new AbortController().signal);
    writeNoContent(ctx.res);
  });

  router.add(['POST', 'PUT'], `${base}/timers/:name`, async (ctx) => {
    const body = objectBody(parseJson(await ctx.body()));
    api.registerTimer({ ...actorOf(ctx), name: ctx.params['name'] ?? '', dueTime: str(body, 'dueTime'), period: str(body, 'period'), ttl: str(body, 'ttl'), callback: str(body, 'callback'), data: body['data'] });
    writeNoContent(ctx.res);
  });

  router.add('DELETE', `${base}/timers/:name`, async (ctx) => {
    const { actorType, actorId } = actorOf(ctx);
    api.unregisterTimer(actorType, actorId, ctx.params['name'] ?? '');
    writeNoContent(ctx.res);
  });

  router.add(['POST', 'PUT'], `${base}/reminders/:name`, async (ctx) => {
    const body = objectBody(parseJson(await ctx.body()));
    await api.registerReminder({ ...actorOf(ctx), name: ctx.params['name'] ?? '', dueTime: str(body, 'dueTime'), period: str(body, 'period'), ttl: str(body, 'ttl'), data: body['data'] });
    writeNoContent(ctx.res);
  });

  router.add('GET', `${base}/reminders/:name`, async (ctx) => {
    const { actorType, actorId } = actorOf(ctx);
    const reminder = await api.getReminder(actorType, actorId, ctx.params['name'] ?? '');
    writeJson(ctx.res, 200, {
      actorID: reminder.actorId,
      actorType: reminder.actorType,
      dueTime: reminder.dueTime ?? '',
      period: reminder.period ?? '',
      ...(reminder.ttl ? { ttl: reminder.ttl } : {}),
      data: reminder.data ?? null,
    });
  });

  router.add('DELETE', `${base}/reminders/:name`, async (ctx) => {
    const { actorType, actorId } = actorOf(ctx);
    await api.unregisterReminder(actorType, actorId, ctx.params['name'] ?? '');
    writeNoContent(ctx.res);
  });
}

function actorOf(ctx: HttpContext): { actorType: string; actorId: string } {
  return { actorType: ctx.params['actorType'] ?? '', actorId: ctx.params['actorId'] ?? '' };
}

function writeActorResponse(ctx: HttpContext, status: number, response: ActorCallResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(response.headers)) if (isForwardableHeader(name) && name !== 'content-type') headers[name] = values;
  if (response.contentType) headers['content-type'] = response.contentType;
  headers['content-length'] = String(response.data.length);
  ctx.res.writeHead(status, headers);
  ctx.res.end(response.data);
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw commonErrors.malformedRequest('expected a JSON object');
  return body as Record<string, unknown>;
}

function str(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw commonErrors.malformedRequest(`"${name}" must be a string`);
  return value;
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw commonErrors.malformedRequest(`${what} must be an object of strings`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
