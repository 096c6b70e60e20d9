import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

const resource = (name: string): { type: string; name: string } => ({ type: 'configuration', name });

/** Keys as Dapr prints a Go string slice in its messages: `[a b]`. */
const keyList = (keys: readonly string[]): string => `[${keys.join(' ')}]`;

/**
 * Configuration API errors; codes, statuses and messages as in Dapr's pkg/messages/predefined.go
 * (configuration group) and pkg/api/{http,grpc}. Dapr's choices kept: an unknown store is 400
 * while "none configured" is 500, and a failed subscription is InvalidArgument over gRPC but 500
 * over HTTP.
 */
export const configurationErrors = {
  notConfigured: (): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.FailedPrecondition,
      errorCode: ErrorCode.ConfigurationStoreNotConfigured,
      message: 'configuration stores not configured',
      reason: 'DAPR_CONFIGURATION_STORE_NOT_CONFIGURED',
    }),
  storeNotFound: (store: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.ConfigurationStoreNotFound,
      message: `configuration store ${store} not found`,
      reason: 'DAPR_CONFIGURATION_STORE_NOT_FOUND',
      resource: resource(store),
    }),
  get: (store: string, keys: readonly string[], detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.Internal,
      errorCode: ErrorCode.ConfigurationGet,
      message: `failed to get ${keyList(keys)} from Configuration store ${store}: ${detail}`,
      reason: 'DAPR_CONFIGURATION_GET',
      resource: resource(store),
      cause,
    }),
  subscribe: (store: string, keys: readonly string[], detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.ConfigurationSubscribe,
      message: `failed to subscribe ${keyList(keys)} from Configuration store ${store}: ${detail}`,
      reason: 'DAPR_CONFIGURATION_SUBSCRIBE',
      resource: resource(store),
      cause,
    }),
  unsubscribe: (store: string, id: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.Internal,
      errorCode: ErrorCode.ConfigurationUnsubscribe,
      message: `failed to unsubscribe to configuration request ${id}: ${detail}`,
      reason: 'DAPR_CONFIGURATION_UNSUBSCRIBE',
      resource: resource(store),
      cause,
    }),
  /** HTTP subscriptions push updates to the app, so they need one (`--app-port`). */
  noAppChannel: (): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.Internal,
      errorCode: ErrorCode.AppChannelNil,
      message: 'app channel is not initialized. cannot subscribe to configuration updates',
      reason: 'DAPR_CONFIGURATION_APP_CHANNEL_NIL',
    }),
};
