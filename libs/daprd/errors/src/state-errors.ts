import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

const resource = (name: string): { type: string; name: string } => ({ type: 'state', name });

/** State API errors; messages as in Dapr's pkg/messages and pkg/api/errors/state.go. */
export const stateErrors = {
  notConfigured: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.FailedPrecondition, errorCode: ErrorCode.StateStoreNotConfigured, message: 'state store is not configured', reason: 'DAPR_STATE_NOT_CONFIGURED' }),
  storeNotFound: (store: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.StateStoreNotFound,
      message: `state store ${store} is not found`,
      reason: 'DAPR_STATE_NOT_FOUND',
      resource: resource(store),
    }),
  keyInvalid: (store: string, detail: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.MalformedRequest, message: detail, reason: 'DAPR_STATE_ILLEGAL_KEY', resource: resource(store) }),
  get: (store: string, key: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateGet, message: `fail to get ${key} from state store ${store}: ${detail}`, reason: 'DAPR_STATE_GET', resource: resource(store), cause }),
  bulkGet: (store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateBulkGet, message: `failed getting bulk state from state store ${store}: ${detail}`, reason: 'DAPR_STATE_BULK_GET', resource: resource(store), cause }),
  save: (store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateSave, message: `failed saving state in state store ${store}: ${detail}`, reason: 'DAPR_STATE_SAVE', resource: resource(store), cause }),
  delete: (key: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateDelete, message: `failed deleting state with key ${key}: ${detail}`, reason: 'DAPR_STATE_DELETE', cause }),
  bulkDelete: (detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateBulkDelete, message: `failed deleting state in bulk: ${detail}`, reason: 'DAPR_STATE_BULK_DELETE', cause }),
  /** ETag mismatch: 409 / Aborted, with the code of the operation that failed. */
  etagMismatch: (errorCode: string, message: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 409, grpcCode: GrpcCode.Aborted, errorCode, message, reason: 'DAPR_STATE_ETAG_MISMATCH', cause }),
  /** Malformed ETag: 400 / InvalidArgument. */
  etagInvalid: (errorCode: string, message: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode, message, reason: 'DAPR_STATE_ETAG_INVALID', cause }),
  transactionsNotSupported: (store: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.Unimplemented,
      errorCode: ErrorCode.StateStoreNotSupported,
      message: `state store ${store} doesn't support transaction`,
      reason: 'DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED',
      resource: resource(store),
    }),
  tooManyTransactions: (store: string, count: number, max: number): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.StateStoreTooManyTransactions,
      message: `the transaction contains ${count} operations, which is more than what the state store supports: ${max}`,
      reason: 'DAPR_STATE_TOO_MANY_TRANSACTIONS',
      resource: resource(store),
    }),
  operationNotSupported: (operation: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.Unimplemented, errorCode: ErrorCode.NotSupportedStateOperation, message: `operation type ${operation} not supported`, reason: 'DAPR_STATE_OPERATION_NOT_SUPPORTED' }),
  transaction: (detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateTransaction, message: `error while executing state transaction: ${detail}`, reason: 'DAPR_STATE_TRANSACTION', cause }),
  queryUnsupported: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateStoreNotSupported, message: 'state store does not support querying', reason: 'DAPR_STATE_QUERYING_NOT_SUPPORTED' }),
  query: (store: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.StateQuery, message: `failed query in state store ${store}: ${detail}`, reason: 'DAPR_STATE_QUERY_FAILED', resource: resource(store), cause }),
};
