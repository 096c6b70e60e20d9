import { status as GrpcStatus, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { DirectMessaging } from '@dapr-ts/daprd-invocation';
import type { internalsV1 } from '@dapr-ts/proto';
import { callSignal, unary } from './grpc-handlers';
import { fromInternalRequest, toInternalResponse } from './internal-conversion';

/** `dapr.proto.internals.v1.ServiceInvocation` as served on the internal port: CallLocal only for now. */
export function internalServiceImplementation(messaging: DirectMessaging): UntypedServiceImplementation {
  const allow = (): boolean => true;
  const impl: Partial<internalsV1.ServiceInvocationServer> = {
    callLocal: unary(allow, async (req: internalsV1.InternalInvokeRequest, call) => {
      const caller = {
        appId: String(call.metadata.get('dapr-caller-app-id')[0] ?? ''),
        namespace: String(call.metadata.get('dapr-caller-namespace')[0] ?? ''),
      };
      try {
        const response = await messaging.invokeLocal(fromInternalRequest(req), caller, callSignal(call));
        return toInternalResponse(response);
      } catch (err) {
        // Transport trouble reaching the app is reported in-band so the caller sees the Dapr error.
        return toInternalResponse({ status: GrpcStatus.INTERNAL, message: (err as Error).message, headers: {}, contentType: '', data: Buffer.alloc(0) });
      }
    }),
  };
  return impl as UntypedServiceImplementation;
}
