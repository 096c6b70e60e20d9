import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

/** Errors shared by every API: parsing, limits, health, unimplemented routes. */
export const commonErrors = {
  malformedRequest: (detail: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.MalformedRequest, message: `failed deserializing HTTP body: ${detail}`, reason: 'DAPR_MALFORMED_REQUEST' }),
  badRequest: (message: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.BadRequest, message, reason: 'DAPR_BAD_REQUEST' }),
  bodyTooLarge: (limit: number): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.ResourceExhausted,
      errorCode: ErrorCode.BodyRead,
      message: `failed to read request body: stream too large: request body exceeds the maximum of ${limit} bytes (--max-body-size)`,
      reason: 'DAPR_BODY_READ',
    }),
  bodyRead: (detail: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.BodyRead, message: `failed to read request body: ${detail}`, reason: 'DAPR_BODY_READ' }),
  notFound: (method: string, path: string): DaprApiError =>
    new DaprApiError({ httpStatus: 404, grpcCode: GrpcCode.NotFound, errorCode: ErrorCode.NotFound, message: `method "${method}" is not found: ${path}`, reason: 'DAPR_NOT_FOUND' }),
  healthNotReady: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Unavailable, errorCode: ErrorCode.HealthNotReady, message: 'dapr is not ready', reason: 'DAPR_HEALTH_NOT_READY' }),
  outboundNotReady: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Unavailable, errorCode: ErrorCode.OutboundHealthNotReady, message: 'dapr outbound is not ready', reason: 'DAPR_OUTBOUND_HEALTH_NOT_READY' }),
  healthAppIdMismatch: (): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.HealthAppIdNotMatch, message: 'dapr app-id does not match', reason: 'DAPR_HEALTH_APPID_NOT_MATCH' }),
  internal: (message: string, cause?: unknown): DaprApiError =>
    new DaprApiError({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: ErrorCode.Internal, message, reason: 'DAPR_INTERNAL', cause }),
};
