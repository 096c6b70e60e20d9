import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  TopicEventStatus,
  type AppCallbacks,
  type AppSubscription,
  type BindingEventDelivery,
  type BulkTopicEventDelivery,
  type CloudEvent,
  type InputBindingRoute,
  type TopicEventDelivery,
} from '@dapr-ts/daprd-app-callbacks';
import { fromListTopicSubscriptions } from '@dapr-ts/daprd-pubsub';
import type { Logger } from '@dapr-ts/logger';
import { runtimeV1 } from '@dapr-ts/proto';
import type { GrpcAppChannel } from './grpc-app-channel';
import type { UnaryResult } from './h2/h2-unary-client';

const AppCallback = '/dapr.proto.runtime.v1.AppCallback/';
const AppCallbackAlpha = '/dapr.proto.runtime.v1.AppCallbackAlpha/';

/** CloudEvent attributes that have their own TopicEventRequest fields; the rest go to `extensions`. */
const ownFields = new Set(['id', 'source', 'type', 'specversion', 'datacontenttype', 'data', 'data_base64', 'topic', 'pubsubname']);

/**
 * App callbacks for gRPC apps (`AppCallback` / `AppCallbackAlpha`), on the lean HTTP/2 client of
 * the gRPC app channel (dapr pkg/runtime/subscription/postman/grpc).
 */
export class GrpcAppCallbacks implements AppCallbacks {
  readonly protocol = 'grpc' as const;
  private readonly channel: GrpcAppChannel;
  private readonly logger: Logger;

  constructor(channel: GrpcAppChannel, logger: Logger) {
    this.channel = channel;
    this.logger = logger;
  }

  async listTopicSubscriptions(signal: AbortSignal): Promise<AppSubscription[]> {
    const result = await this.channel.unary(`${AppCallback}ListTopicSubscriptions`, Buffer.alloc(0), signal);
    if (result.code === GrpcStatus.UNIMPLEMENTED) return [];
    if (result.code !== GrpcStatus.OK) {
      this.logger.error(`ListTopicSubscriptions failed (${result.code}: ${result.details}); no programmatic subscriptions`);
      return [];
    }
    return fromListTopicSubscriptions(runtimeV1.ListTopicSubscriptionsResponse.decode(result.message ?? Buffer.alloc(0)));
  }

  async onTopicEvent(event: TopicEventDelivery, signal: AbortSignal): Promise<TopicEventStatus> {
    const request: runtimeV1.TopicEventRequest = { ...ceRequest(event.cloudEvent), topic: event.topic, pubsubName: event.pubsubName, path: event.path };
    const result = await this.channel.unary(`${AppCallback}OnTopicEvent`, Buffer.from(runtimeV1.TopicEventRequest.encode(request).finish()), signal);
    if (result.code === GrpcStatus.UNIMPLEMENTED) {
      this.logger.warn(`non-retriable error returned from app while processing pub/sub event ${String(event.cloudEvent['id'])}: OnTopicEvent is unimplemented; dropping`);
      return TopicEventStatus.Drop;
    }
    failUnlessOk(result, 'OnTopicEvent');
    const response = runtimeV1.TopicEventResponse.decode(result.message ?? Buffer.alloc(0));
    return statusOf(response.status);
  }

  async onBulkTopicEvent(event: BulkTopicEventDelivery, signal: AbortSignal): Promise<Map<string, TopicEventStatus>> {
    const request: runtimeV1.TopicEventBulkRequest = {
      id: event.id,
      entries: event.entries.map((entry) => ({
        entryId: entry.entryId,
        contentType: entry.contentType,
        metadata: entry.metadata,
        ...(entry.event instanceof Uint8Array ? { bytes: Buffer.from(entry.event) } : { cloudEvent: ceRequest(entry.event) }),
      })),
      metadata: event.metadata,
      topic: event.topic,
      pubsubName: event.pubsubName,
      type: 'com.dapr.event.sent.bulk',
      path: event.path,
    };
    const result = await this.channel.unary(`${AppCallbackAlpha}OnBulkTopicEventAlpha1`, Buffer.from(runtimeV1.TopicEventBulkRequest.encode(request).finish()), signal);
    const statuses = new Map<string, TopicEventStatus>();
    if (result.code === GrpcStatus.UNIMPLEMENTED) {
      // The app has no bulk handler: deliver the entries one by one instead.
      for (const entry of event.entries) {
        const cloudEvent = entry.event instanceof Uint8Array ? { id: entry.entryId, data_base64: Buffer.from(entry.event).toString('base64'), datacontenttype: entry.contentType } : entry.event;
        statuses.set(entry.entryId, await this.onTopicEvent({ pubsubName: event.pubsubName, topic: event.topic, path: event.path, cloudEvent, metadata: entry.metadata }, signal).catch(() => TopicEventStatus.Retry));
      }
      return statuses;
    }
    failUnlessOk(result, 'OnBulkTopicEventAlpha1');
    for (const item of runtimeV1.TopicEventBulkResponse.decode(result.message ?? Buffer.alloc(0)).statuses) statuses.set(item.entryId, statusOf(item.status));
    return statuses;
  }

  async listInputBindings(bindings: readonly InputBindingRoute[], signal: AbortSignal): Promise<Set<string>> {
    const result = await this.channel.unary(`${AppCallback}ListInputBindings`, Buffer.alloc(0), signal);
    if (result.code !== GrpcStatus.OK) {
      if (result.code !== GrpcStatus.UNIMPLEMENTED) this.logger.warn(`ListInputBindings failed (${result.code}: ${result.details}); no input bindings delivered`);
      return new Set();
    }
    const listed = new Set(runtimeV1.ListInputBindingsResponse.decode(result.message ?? Buffer.alloc(0)).bindings.map((name) => name.toLowerCase()));
    return new Set(bindings.filter((binding) => listed.has(binding.name.toLowerCase())).map((binding) => binding.name));
  }

  async onBindingEvent(event: BindingEventDelivery, signal: AbortSignal): Promise<Uint8Array | undefined> {
    const request: runtimeV1.BindingEventRequest = { name: event.name, data: Buffer.from(event.data), metadata: event.metadata };
    const result = await this.channel.unary(`${AppCallback}OnBindingEvent`, Buffer.from(runtimeV1.BindingEventRequest.encode(request).finish()), signal);
    failUnlessOk(result, 'OnBindingEvent');
    const response = runtimeV1.BindingEventResponse.decode(result.message ?? Buffer.alloc(0));
    return response.data.length > 0 ? response.data : undefined;
  }
}

function failUnlessOk(result: UnaryResult, method: string): void {
  if (result.code !== GrpcStatus.OK) throw new Error(`${method} failed with gRPC status ${result.code}: ${result.details}`);
}

function statusOf(status: number): TopicEventStatus {
  return status === 0 ? TopicEventStatus.Success : status === 2 ? TopicEventStatus.Drop : TopicEventStatus.Retry;
}

/** The CloudEvent as TopicEventCERequest fields; `data` as the bytes the app decodes. */
export function ceRequest(event: CloudEvent): runtimeV1.TopicEventCERequest {
  const contentType = typeof event['datacontenttype'] === 'string' ? event['datacontenttype'] : '';
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) if (!ownFields.has(key)) extensions[key] = value;
  return {
    id: String(event['id'] ?? ''),
    source: String(event['source'] ?? ''),
    type: String(event['type'] ?? ''),
    specVersion: String(event['specversion'] ?? ''),
    dataContentType: contentType,
    data: dataBytes(event, contentType),
    extensions,
  };
}

function dataBytes(event: CloudEvent, contentType: string): Buffer {
  const base64 = event['data_base64'];
  if (typeof base64 === 'string') return Buffer.from(base64, 'base64');
  const data = event['data'];
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string' && !/json/i.test(contentType)) return Buffer.from(data, 'utf8');
  return Buffer.from(JSON.stringify(data), 'utf8');
}
