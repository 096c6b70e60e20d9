import { Metadata, credentials, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { internalsV1 } from '@dapr-ts/proto';
import { PeerUnavailableError, type CallerIdentity, type InvocationRequest, type InvocationResponse, type RemoteInvoker } from '@dapr-ts/daprd-invocation';
import { fromInternalResponse, toInternalRequest } from './internal-conversion';

/**
 * Calls other sidecars' `ServiceInvocation/CallLocal`, one HTTP/2 connection per peer address.
 * No default deadline: Dapr sets none on service invocation (resiliency timeouts add one);
 * the caller's AbortSignal cancels the call.
 */
export class InternalInvocationClient implements RemoteInvoker {
  private readonly clients = new Map<string, internalsV1.ServiceInvocationClient>();

  constructor(private readonly maxMessageSize: number) {}

  invoke(address: string, request: InvocationRequest, caller: CallerIdentity, targetAppId: string, signal: AbortSignal): Promise<InvocationResponse> {
    const metadata = new Metadata();
    metadata.set('dapr-caller-app-id', caller.appId);
    metadata.set('dapr-caller-namespace', caller.namespace);
    metadata.set('dapr-callee-app-id', targetAppId);
    return new Promise((resolve, reject) => {
      const call = this.client(address).callLocal(toInternalRequest(request), metadata, (err: ServiceError | null, response?: internalsV1.InternalInvokeResponse) => {
        signal.removeEventListener('abort', cancel);
        if (err) {
          reject(err.code === GrpcStatus.UNAVAILABLE ? new PeerUnavailableError(`sidecar at ${address} is unavailable: ${err.details}`) : new Error(err.details || err.message));
          return;
        }
        resolve(fromInternalResponse(response as internalsV1.InternalInvokeResponse));
      });
      const cancel = (): void => call.cancel();
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private client(address: string): internalsV1.ServiceInvocationClient {
    let client = this.clients.get(address);
    if (!client) {
      client = new internalsV1.ServiceInvocationClient(address, credentials.createInsecure(), {
        'grpc.max_receive_message_length': this.maxMessageSize,
        'grpc.max_send_message_length': this.maxMessageSize,
      });
      this.clients.set(address, client);
    }
    return client;
  }
}
