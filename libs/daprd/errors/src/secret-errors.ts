import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

/** Secrets API errors. Note Dapr's quirk: an unknown secret store is 401. */
export const secretErrors = {
  notConfigured: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.FailedPrecondition, errorCode: ErrorCode.SecretStoresNotConfigured, message: 'secret store is not configured', reason: 'DAPR_SECRET_STORE_NOT_CONFIGURED' }),
  storeNotFound: (store: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 401,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.SecretStoreNotFound,
      message: `failed finding secret store with key ${store}`,
      reason: 'DAPR_SECRET_STORE_NOT_FOUND',
      resource: { type: 'secretstore', name: store },
    }),
  permissionDenied: (key: string, store: string): DaprApiError =>
    new DaprApiError({ httpStatus: 403, grpcCode: GrpcCode.PermissionDenied, errorCode: ErrorCode.PermissionDenied, message: `access denied by policy to get "${key}" from "${store}"`, reason: 'DAPR_SECRET_PERMISSION_DENIED' }),
  get: (key: string, store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.SecretGet, message: `failed getting secret with key ${key} from secret store ${store}: ${detail}`, reason: 'DAPR_SECRET_GET', cause }),
  bulkGet: (store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.SecretGet, message: `failed getting secrets from secret store ${store}: ${detail}`, reason: 'DAPR_SECRET_GET', cause }),
};
