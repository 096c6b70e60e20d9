import type { AppChannel, HeaderMap, InvocationResponse } from '@dapr-ts/daprd-invocation';
import type { Logger } from '@dapr-ts/logger';
import {
  TopicEventStatus,
  type AppCallbacks,
  type AppSubscription,
  type BindingEventDelivery,
  type BulkTopicEventDelivery,
  type InputBindingRoute,
  type TopicEventDelivery,
} from './app-callbacks';
import { parseHttpSubscriptions } from './http-subscriptions';
import { statusFromAppReply } from './topic-event-status';

export interface HttpAppCallbacksOptions {
  channel: AppChannel;
  logger: Logger;
  /** `--app-binding-options-timeout`? Dapr waits 3 s for each OPTIONS probe. */
  optionsTimeoutMs?: number;
}

const TokenPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * App callbacks for HTTP apps, over the same connection pool and concurrency limit as service
 * invocation (dapr pkg/runtime/subscription/postman/http, pkg/runtime/processor/binding).
 */
export class HttpAppCallbacks implements AppCallbacks {
  readonly protocol = 'http' as const;
  private readonly options: HttpAppCallbacksOptions;

  constructor(options: HttpAppCallbacksOptions) {
    this.options = options;
  }

  async listTopicSubscriptions(signal: AbortSignal): Promise<AppSubscription[]> {
    const response = await this.call('GET', 'dapr/subscribe', { headers: {}, contentType: '', data: Buffer.alloc(0) }, signal);
    if (response.status === 404) return [];
    if (response.status < 200 || response.status > 299) {
      this.options.logger.error(`GET /dapr/subscribe answered ${response.status}; no programmatic subscriptions`);
      return [];
    }
    let body: unknown;
    try {
      body = JSON.parse(response.data.toString('utf8') || '[]');
    } catch (err) {
      this.options.logger.error(`GET /dapr/subscribe returned invalid JSON: ${(err as Error).message}`);
      return [];
    }
    const { subscriptions, errors } = parseHttpSubscriptions(body);
    for (const problem of errors) this.options.logger.error(`GET /dapr/subscribe: ${problem}`);
    return subscriptions;
  }

  async onTopicEvent(event: TopicEventDelivery, signal: AbortSignal): Promise<TopicEventStatus> {
    const headers = metadataHeaders(event.metadata);
    for (const name of ['traceparent', 'tracestate'] as const) {
      const value = event.cloudEvent[name];
      if (typeof value === 'string' && value) headers[name] = [value];
    }
    const response = await this.call('POST', event.path, { headers, contentType: 'application/cloudevents+json', data: Buffer.from(JSON.stringify(event.cloudEvent)) }, signal);
    return this.verdict(response, `topic ${event.topic} (${event.path})`);
  }

  async onBulkTopicEvent(event: BulkTopicEventDelivery, signal: AbortSignal): Promise<Map<string, TopicEventStatus>> {
    const body = {
      id: event.id,
      type: 'com.dapr.event.sent.bulk',
      topic: event.topic,
      pubsubname: event.pubsubName,
      metadata: event.metadata,
      entries: event.entries.map((entry) => ({
        entryId: entry.entryId,
        event: entry.event instanceof Uint8Array ? Buffer.from(entry.event).toString('base64') : entry.event,
        contentType: entry.contentType,
        metadata: entry.metadata,
      })),
    };
    const response = await this.call('POST', event.path, { headers: {}, contentType: 'application/cloudevents-batch+json', data: Buffer.from(JSON.stringify(body)) }, signal);
    const statuses = new Map<string, TopicEventStatus>();
    if (response.status === 404) {
      this.options.logger.error(`bulk delivery to ${event.path} answered 404; dropping ${event.entries.length} messages`);
      for (const entry of event.entries) statuses.set(entry.entryId, TopicEventStatus.Drop);
      return statuses;
    }
    if (response.status < 200 || response.status > 299) throw new Error(`the app answered ${response.status} to a bulk delivery`);
    const reply = parseJson(response.data) as { statuses?: { entryId?: unknown; status?: unknown }[] } | undefined;
    for (const item of Array.isArray(reply?.statuses) ? reply.statuses : []) {
      if (typeof item?.entryId !== 'string') continue;
      statuses.set(item.entryId, statusFromAppReply(item.status));
    }
    return statuses;
  }

  async listInputBindings(bindings: readonly InputBindingRoute[], signal: AbortSignal): Promise<Set<string>> {
    const interested = new Set<string>();
    for (const binding of bindings) {
      const probe = AbortSignal.any([signal, AbortSignal.timeout(this.options.optionsTimeoutMs ?? 3000)]);
      try {
        const response = await this.call('OPTIONS', binding.route, { headers: {}, contentType: '', data: Buffer.alloc(0) }, probe);
        if (response.status !== 404) interested.add(binding.name);
      } catch (err) {
        this.options.logger.warn(`OPTIONS /${binding.route} failed; not delivering events of input binding ${binding.name}: ${(err as Error).message}`);
      }
    }
    return interested;
  }

  async onBindingEvent(event: BindingEventDelivery, signal: AbortSignal): Promise<Uint8Array | undefined> {
    const headers = metadataHeaders(event.metadata);
    const contentType = event.contentType ?? (looksLikeJson(event.data) ? 'application/json' : '');
    const response = await this.call('POST', event.route, { headers, contentType, data: Buffer.from(event.data) }, signal);
    if (response.status < 200 || response.status > 299) throw new Error(`the app answered ${response.status} for input binding ${event.name}`);
    return response.data.length > 0 ? response.data : undefined;
  }

  private call(verb: string, path: string, body: { headers: HeaderMap; contentType: string; data: Buffer }, signal: AbortSignal): Promise<InvocationResponse> {
    const [method, query] = splitPath(path);
    return this.options.channel.invoke({ method, verb, query, headers: body.headers, contentType: body.contentType, data: body.data }, signal);
  }

  private verdict(response: InvocationResponse, what: string): TopicEventStatus {
    if (response.status === 404) {
      this.options.logger.error(`non-retriable error returned from app while processing pub/sub event for ${what}: 404 Not Found; dropping`);
      return TopicEventStatus.Drop;
    }
    if (response.status < 200 || response.status > 299) throw new Error(`the app answered ${response.status} for ${what}`);
    const reply = parseJson(response.data) as { status?: unknown } | undefined;
    if (!reply || typeof reply !== 'object') return TopicEventStatus.Success;
    return statusFromAppReply(reply.status, TopicEventStatus.Success);
  }
}

function splitPath(path: string): [string, string] {
  const trimmed = path.replace(/^\/+/, '');
  const at = trimmed.indexOf('?');
  return at < 0 ? [trimmed, ''] : [trimmed.slice(0, at), trimmed.slice(at + 1)];
}

/** Broker metadata travels as headers; names or values HTTP can't carry are left out. */
function metadataHeaders(metadata: Record<string, string>): HeaderMap {
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (TokenPattern.test(name) && !/[\r\n\0]/.test(value)) headers[name.toLowerCase()] = [value];
  }
  return headers;
}

function parseJson(data: Buffer): unknown {
  if (data.length === 0) return undefined;
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

function looksLikeJson(data: Uint8Array): boolean {
  if (data.length === 0) return false;
  return parseJson(Buffer.from(data)) !== undefined && /^\s*[{["]/.test(Buffer.from(data.subarray(0, 16)).toString('utf8'));
}
