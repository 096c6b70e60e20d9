import { GrpcCode } from '@dapr-ts/daprd-errors';

/**
 * gRPC code for an app's HTTP status, as Dapr's invokev1.CodeFromHTTPStatus maps it (gRPC callers
 * of InvokeService see the same codes as with Dapr). Unlisted statuses are Unknown.
 */
const fromHttp: Record<number, number> = {
  400: GrpcCode.Internal,
  401: GrpcCode.Unauthenticated,
  403: GrpcCode.PermissionDenied,
  404: GrpcCode.NotFound,
  408: GrpcCode.Cancelled,
  409: GrpcCode.AlreadyExists,
  429: GrpcCode.ResourceExhausted,
  500: GrpcCode.Unknown,
  501: GrpcCode.Unimplemented,
  503: GrpcCode.Unavailable,
  504: GrpcCode.DeadlineExceeded,
};

export function grpcCodeFromHttpStatus(status: number): number {
  if (status >= 200 && status < 300) return GrpcCode.OK;
  return fromHttp[status] ?? GrpcCode.Unknown;
}
