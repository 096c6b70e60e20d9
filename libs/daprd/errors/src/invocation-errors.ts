import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

/** Service invocation errors (Dapr pkg/messages ErrDirectInvoke*). */
export const invocationErrors = {
  noAppId: (): DaprApiError =>
    new DaprApiError({ httpStatus: 404, grpcCode: GrpcCode.NotFound, errorCode: ErrorCode.DirectInvoke, message: 'failed getting app id either from the URL path or the header dapr-app-id', reason: 'DAPR_DIRECT_INVOKE_NO_APP_ID' }),
  invalidAppId: (target: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.DirectInvoke, message: `invalid app id ${target}`, reason: 'DAPR_DIRECT_INVOKE_APP_ID_INVALID' }),
  invalidMethod: (detail: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.DirectInvoke, message: `invalid method name: ${detail}`, reason: 'DAPR_DIRECT_INVOKE_METHOD_INVALID' }),
  appNotFound: (appId: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 404,
      grpcCode: GrpcCode.NotFound,
      errorCode: ErrorCode.DirectInvoke,
      message: `fail to invoke, id: ${appId}, err: failed to resolve address for '${appId}': no instance of app ${appId} is registered on this host`,
      reason: 'DAPR_DIRECT_INVOKE_APP_NOT_FOUND',
    }),
  failed: (appId: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.DirectInvoke, message: `fail to invoke, id: ${appId}, err: ${detail}`, reason: 'DAPR_DIRECT_INVOKE', cause }),
  /** The app answered with an error status; gRPC callers get it as a status with the app's message. */
  appStatus: (grpcCode: GrpcCode, httpStatus: number, message: string): DaprApiError =>
    new DaprApiError({ httpStatus, grpcCode, errorCode: ErrorCode.DirectInvoke, message, reason: 'DAPR_DIRECT_INVOKE' }),
  noAppChannel: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.AppChannelNil, message: 'app channel is not initialized', reason: 'DAPR_APP_CHANNEL_NIL' }),
};
