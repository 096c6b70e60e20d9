import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

/**
 * Output binding errors. Dapr answers every failure with 500 ERR_INVOKE_OUTPUT_BINDING; we keep
 * the code but answer a caller's mistake (unknown binding, unsupported operation, bad request)
 * with 404/400, so a client error is never a 500.
 */
export const bindingErrors = {
  notFound: (name: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 404,
      grpcCode: GrpcCode.NotFound,
      errorCode: ErrorCode.InvokeOutputBinding,
      message: `error invoking output binding ${name}: couldn't find output binding ${name}`,
      reason: 'DAPR_BINDING_NOT_FOUND',
      resource: { type: 'bindings', name },
    }),
  badRequest: (name: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.InvokeOutputBinding,
      message: `error invoking output binding ${name}: ${detail}`,
      reason: 'DAPR_BINDING_BAD_REQUEST',
      resource: { type: 'bindings', name },
      cause,
    }),
  invoke: (name: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.Internal,
      errorCode: ErrorCode.InvokeOutputBinding,
      message: `error invoking output binding ${name}: ${detail}`,
      reason: 'DAPR_BINDING_INVOKE',
      resource: { type: 'bindings', name },
      cause,
    }),
};
