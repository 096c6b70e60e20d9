import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { commonErrors, isDaprApiError, type DaprApiError } from '@dapr-ts/daprd-errors';
import { googleRpc } from '@dapr-ts/proto';

/**
 * The one gRPC error funnel: a DaprApiError becomes its gRPC code, message and a
 * `grpc-status-details-bin` trailer holding google.rpc.Status with the ErrorInfo detail, like Dapr's
 * rich errors. Anything else becomes Internal.
 */
export function toServiceError(err: unknown): Partial<ServiceError> {
  const apiError: DaprApiError = isDaprApiError(err) ? err : commonErrors.internal(err instanceof Error ? err.message : String(err), err);
  const metadata = new Metadata();
  const details = apiError.details.map((d) =>
    d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo'
      ? { typeUrl: d['@type'], value: Buffer.from(googleRpc.ErrorInfo.encode({ reason: d.reason, domain: d.domain, metadata: d.metadata ?? {} }).finish()) }
      : {
          typeUrl: d['@type'],
          value: Buffer.from(
            googleRpc.ResourceInfo.encode({ resourceType: d.resource_type, resourceName: d.resource_name, owner: d.owner ?? '', description: d.description ?? '' }).finish(),
          ),
        },
  );
  metadata.set('grpc-status-details-bin', Buffer.from(googleRpc.Status.encode({ code: apiError.grpcCode, message: apiError.message, details }).finish()));
  return { code: apiError.grpcCode, details: apiError.message, metadata };
}

export function unauthenticated(): Partial<ServiceError> {
  return { code: GrpcStatus.UNAUTHENTICATED, details: 'authentication error: api token mismatch' };
}
