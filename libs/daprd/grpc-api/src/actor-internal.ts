import { ActorNotHostedError, ActorRefusal, ActorRuntimeClosedError, PlacementUnavailableError, RemoteActorError, StackDepthError, type ActorCallRequest, type ActorCallResponse, type ActorRuntime, type RemoteActorInvoker } from '@dapr-ts/daprd-actors';
import type { HeaderMap } from '@dapr-ts/daprd-invocation';
import { internalsV1 } from '@dapr-ts/proto';
import { H2StatusError, type H2UnaryHandler } from './h2/internal-h2-server';
import { H2SessionPool } from './h2/h2-session-pool';
import { H2UnaryClient } from './h2/h2-unary-client';

export const CallActorPath = '/dapr.proto.internals.v1.ServiceInvocation/CallActor';

function toInternal(request: ActorCallRequest): internalsV1.InternalInvokeRequest {
  return {
    ver: internalsV1.APIVersion.V1,
    metadata: Object.fromEntries(Object.entries(request.headers).map(([name, values]) => [name, { values }])),
    message: { method: request.method, data: { typeUrl: '', value: request.data }, contentType: 'application/json', httpExtension: undefined },
    actor: { actorType: request.actorType, actorId: request.actorId },
  };
}

function fromInternal(message: internalsV1.InternalInvokeRequest): ActorCallRequest {
  return {
    actorType: message.actor?.actorType ?? '',
    actorId: message.actor?.actorId ?? '',
    method: message.message?.method ?? '',
    data: message.message?.data?.value ? Buffer.from(message.message.data.value) : Buffer.alloc(0),
    headers: listMap(message.metadata),
  };
}

function listMap(map: { [key: string]: internalsV1.ListStringValue } | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, list] of Object.entries(map ?? {})) out[name.toLowerCase()] = list.values;
  return out;
}

/**
 * `ServiceInvocation/CallActor`: a call routed here by another sidecar's table. The app's answer
 * travels back as-is (its HTTP status in `status.code`); only runtime refusals are gRPC errors,
 * with codes the caller knows how to react to (see ActorRefusal).
 */
export function callActorHandler(runtime: () => ActorRuntime | undefined): H2UnaryHandler {
  return async (body, _headers, signal) => {
    const actors = runtime();
    if (!actors) throw new H2StatusError(ActorRefusal.NotHosted, 'actor runtime is not running on this sidecar');
    const request = fromInternal(internalsV1.InternalInvokeRequest.decode(body));
    let response: ActorCallResponse;
    try {
      response = await actors.callLocal(request, signal);
    } catch (err) {
      if (err instanceof ActorNotHostedError) throw new H2StatusError(ActorRefusal.NotHosted, err.message);
      if (err instanceof StackDepthError) throw new H2StatusError(ActorRefusal.StackDepth, err.message);
      // This host lost placement or is stopping: the caller waits for a new table and goes elsewhere.
      if (err instanceof PlacementUnavailableError || err instanceof ActorRuntimeClosedError) throw new H2StatusError(ActorRefusal.Unavailable, err.message);
      throw new H2StatusError(13, (err as Error).message);
    }
    const message: internalsV1.InternalInvokeResponse = {
      status: { code: response.status, message: '', details: [] },
      headers: Object.fromEntries(Object.entries(response.headers).map(([name, values]) => [name, { values }])),
      trailers: {},
      message: { data: { typeUrl: '', value: response.data }, contentType: response.contentType },
    };
    return Buffer.from(internalsV1.InternalInvokeResponse.encode(message).finish());
  };
}

/** The caller's end of CallActor: one HTTP/2 session per host, like service invocation. */
export class InternalActorClient implements RemoteActorInvoker {
  private readonly sessions = new H2SessionPool();
  private readonly client: H2UnaryClient;

  constructor(maxMessageSize: number) {
    this.client = new H2UnaryClient(this.sessions, maxMessageSize);
  }

  close(): void {
    this.sessions.close();
  }

  async callActor(address: string, request: ActorCallRequest, signal: AbortSignal): Promise<ActorCallResponse> {
    const body = Buffer.from(internalsV1.InternalInvokeRequest.encode(toInternal(request)).finish());
    const result = await this.client.call(address, CallActorPath, body, {}, signal);
    if (result.code !== 0 || !result.message) throw new RemoteActorError(result.code || 13, result.details || `CallActor failed with gRPC status ${result.code}`);
    const response = internalsV1.InternalInvokeResponse.decode(result.message);
    return {
      status: response.status?.code ?? 200,
      data: response.message?.data?.value ? Buffer.from(response.message.data.value) : Buffer.alloc(0),
      contentType: response.message?.contentType ?? '',
      headers: listMap(response.headers),
    };
  }
}
