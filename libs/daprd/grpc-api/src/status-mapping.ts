import { GrpcCode } from '@dapr-ts/daprd-errors';

/** gRPC code for an app's HTTP status (Dapr invokev1.CodeFromHTTPStatus). */
export function grpcCodeFromHttpStatus(status: number): number {
  if (status >= 200 && status < 300) return GrpcCode.OK;
  switch (status) {
    case 400:
      return GrpcCode.InvalidArgument;
    case 401:
      return GrpcCode.Unauthenticated;
    case 403:
      return GrpcCode.PermissionDenied;
    case 404:
      return GrpcCode.NotFound;
    case 409:
      return GrpcCode.Aborted;
    case 412:
      return GrpcCode.FailedPrecondition;
    case 416:
      return GrpcCode.OutOfRange;
    case 429:
      return GrpcCode.ResourceExhausted;
    case 499:
      return GrpcCode.Cancelled;
    case 501:
      return GrpcCode.Unimplemented;
    case 503:
      return GrpcCode.Unavailable;
    case 504:
      return GrpcCode.DeadlineExceeded;
    default:
      return status >= 500 ? GrpcCode.Internal : GrpcCode.Unknown;
  }
}
