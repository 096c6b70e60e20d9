import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { DirectMessaging } from '@dapr-ts/daprd-invocation';
import { internalsV1 } from '@dapr-ts/proto';
import { proxyStream, respondStatus } from './h2/h2-raw-proxy';
import type { H2SessionPool } from './h2/h2-session-pool';
import { H2StatusError, type H2UnaryHandler } from './h2/internal-h2-server';
import { fromInternalRequest, toInternalResponse } from './internal-conversion';

export const ServiceInvocationPrefix = '/dapr.proto.internals.v1.ServiceInvocation/';

/** `ServiceInvocation/CallLocal`: a call from another sidecar for this sidecar's app. */
export function callLocalHandler(messaging: DirectMessaging): H2UnaryHandler {
  return async (request, headers, signal) => {
    const caller = { appId: String(headers['dapr-caller-app-id'] ?? ''), namespace: String(headers['dapr-caller-namespace'] ?? '') };
    let response;
    try {
      response = await messaging.invokeLocal(fromInternalRequest(internalsV1.InternalInvokeRequest.decode(request)), caller, signal);
    } catch (err) {
      // Not reaching the app fails the call itself (as Dapr does); the caller answers ERR_DIRECT_INVOKE with this message.
      throw new H2StatusError(13, (err as Error).message);
    }
    return Buffer.from(internalsV1.InternalInvokeResponse.encode(toInternalResponse(response)).finish());
  };
}

export interface InternalProxyOptions {
  appId: string;
  namespace: string;
  /** The app's gRPC address when its protocol is gRPC. */
  appAddress: string | undefined;
  appApiToken: string | undefined;
  sessions: H2SessionPool;
}

/** Proxied gRPC calls arriving from other sidecars: forwarded to this sidecar's gRPC app. */
export function internalProxyHandler(options: InternalProxyOptions): (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => void {
  return (stream, headers) => {
    const target = String(headers['dapr-app-id'] ?? headers['dapr-callee-app-id'] ?? '');
    if (target === '') return respondStatus(stream, 12, `unknown service ${String(headers[':path'] ?? '').split('/')[1] ?? ''}`);
    const dot = target.lastIndexOf('.');
    const appId = dot > 0 ? target.slice(0, dot) : target;
    if (appId !== options.appId) return respondStatus(stream, 7, `this sidecar serves app ${options.appId}, not ${appId}`);
    if (!options.appAddress) return respondStatus(stream, 14, `app ${appId} has no gRPC app channel (start daprd with --app-protocol grpc and --app-port)`);
    proxyStream(stream, headers, options.sessions, options.appAddress, (out) => {
      delete out['dapr-api-token'];
      if (options.appApiToken) out['dapr-api-token'] = options.appApiToken;
      out['dapr-callee-app-id'] = options.appId;
    });
  };
}
