import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

const resource = (name: string): { type: string; name: string } => ({ type: 'lock', name });

/**
 * Distributed lock API errors; codes, statuses and messages as in Dapr's pkg/messages/predefined.go
 * (lock group). Note Dapr's choices: an unknown store is 400, while "none configured" is 500, and
 * empty fields are ERR_MALFORMED_REQUEST rather than a lock code.
 */
export const lockErrors = {
  notConfigured: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.FailedPrecondition, errorCode: ErrorCode.LockStoreNotConfigured, message: 'lock store is not configured', reason: 'DAPR_LOCK_STORE_NOT_CONFIGURED' }),
  storeNotFound: (store: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.LockStoreNotFound,
      message: `lock store ${store} not found`,
      reason: 'DAPR_LOCK_STORE_NOT_FOUND',
      resource: resource(store),
    }),
  resourceIdEmpty: (store: string): DaprApiError => malformed(store, `ResourceId is empty in lock store ${store}`),
  lockOwnerEmpty: (store: string): DaprApiError => malformed(store, `LockOwner is empty in lock store ${store}`),
  expiryNotPositive: (store: string): DaprApiError => malformed(store, `ExpiryInSeconds is not positive in lock store ${store}`),
  /** The store failed, or the resource id cannot be stored (contains `||`). */
  tryLock: (store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.TryLock, message: `failed to try acquiring lock: ${detail}`, reason: 'DAPR_LOCK_TRY_LOCK', resource: resource(store), cause }),
  unlock: (store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.Unlock, message: `failed to release lock: ${detail}`, reason: 'DAPR_LOCK_UNLOCK', resource: resource(store), cause }),
};

function malformed(store: string, message: string): DaprApiError {
  return new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.MalformedRequest, message, reason: 'DAPR_LOCK_MALFORMED_REQUEST', resource: resource(store) });
}
