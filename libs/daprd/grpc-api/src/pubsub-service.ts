import type { Metadata, UntypedServiceImplementation } from '@grpc/grpc-js';
import { traceContextFrom, type PubSubApi } from '@dapr-ts/daprd-pubsub';
import type { runtimeV1 } from '@dapr-ts/proto';
import { callSignal, unary } from './grpc-handlers';
import { streamingSubscriptionHandler, type StreamingSubscriptions } from './streaming-subscription';

/** The output binding API as the gRPC adapter needs it (daprd-bindings' BindingsApi). */
export interface OutputBindingsApi {
  invoke(request: { name: string; data: Buffer; metadata: Record<string, string>; operation: string }, signal: AbortSignal): Promise<{ data: Buffer | undefined; metadata: Record<string, string> }>;
}

export interface PubSubServiceApis {
  pubsub: PubSubApi;
  subscriptions: StreamingSubscriptions;
  bindings: OutputBindingsApi;
  gracefulShutdownMs: number;
}

function traceOf(metadata: Metadata): ReturnType<typeof traceContextFrom> {
  const parent = metadata.get('traceparent')[0];
  const state = metadata.get('tracestate')[0];
  return traceContextFrom(typeof parent === 'string' ? parent : undefined, typeof state === 'string' ? state : undefined);
}

/** Pub/sub and bindings methods of `dapr.proto.runtime.v1.Dapr`. */
export function pubsubServiceMethods(apis: PubSubServiceApis, authorized: (m: Metadata) => boolean): UntypedServiceImplementation {
  const bulk = unary(authorized, async (req: runtimeV1.BulkPublishRequest, call): Promise<runtimeV1.BulkPublishResponse> => apis.pubsub.bulkPublish(req, traceOf(call.metadata), callSignal(call)));
  const impl: Partial<runtimeV1.DaprServer> = {
    publishEvent: unary(authorized, async (req: runtimeV1.PublishEventRequest, call) => {
      await apis.pubsub.publish(req, traceOf(call.metadata), callSignal(call));
      return {};
    }),
    bulkPublishEventAlpha1: bulk,
    bulkPublishEvent: bulk,
    subscribeTopicEventsAlpha1: streamingSubscriptionHandler(apis.subscriptions, authorized, apis.gracefulShutdownMs),
    invokeBinding: unary(authorized, async (req: runtimeV1.InvokeBindingRequest, call): Promise<runtimeV1.InvokeBindingResponse> => {
      const response = await apis.bindings.invoke(req, callSignal(call));
      return { data: response.data ?? Buffer.alloc(0), metadata: response.metadata };
    }),
  };
  return impl as UntypedServiceImplementation;
}
