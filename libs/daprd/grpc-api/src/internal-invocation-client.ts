import { internalsV1 } from '@dapr-ts/proto';
import { PeerUnavailableError, type CallerIdentity, type InvocationRequest, type InvocationResponse, type RemoteInvoker } from '@dapr-ts/daprd-invocation';
import { H2SessionPool } from './h2/h2-session-pool';
import { H2UnaryClient } from './h2/h2-unary-client';
import { fromInternalResponse, toInternalRequest } from './internal-conversion';

const CallLocalPath = '/dapr.proto.internals.v1.ServiceInvocation/CallLocal';

/**
 * Calls other sidecars' `ServiceInvocation/CallLocal`, one HTTP/2 connection per peer address.
 * No default deadline: Dapr sets none on service invocation (resiliency timeouts add one);
 * the caller's AbortSignal cancels the call.
 */
export class InternalInvocationClient implements RemoteInvoker {
  private readonly sessions = new H2SessionPool();
  private readonly client: H2UnaryClient;

  constructor(maxMessageSize: number) {
    this.client = new H2UnaryClient(this.sessions, maxMessageSize);
  }

  async invoke(address: string, request: InvocationRequest, caller: CallerIdentity, targetAppId: string, signal: AbortSignal): Promise<InvocationResponse> {
    const body = Buffer.from(internalsV1.InternalInvokeRequest.encode(toInternalRequest(request)).finish());
    const result = await this.client.call(address, CallLocalPath, body, { 'dapr-caller-app-id': caller.appId, 'dapr-caller-namespace': caller.namespace, 'dapr-callee-app-id': targetAppId }, signal);
    if (result.code === 14) throw new PeerUnavailableError(`sidecar at ${address} is unavailable: ${result.details}`);
    if (result.code !== 0 || !result.message) throw new Error(result.details || `CallLocal failed with gRPC status ${result.code}`);
    return fromInternalResponse(internalsV1.InternalInvokeResponse.decode(result.message));
  }

  close(): void {
    this.sessions.close();
  }
}
