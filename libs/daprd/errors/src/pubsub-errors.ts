import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

/**
 * Pub/sub API errors (mirrors dapr pkg/api/errors/pubsub.go and pkg/messages/predefined.go).
 * Deviation: a malformed caller-supplied CloudEvent is 400, not 500 (it is the caller's mistake).
 */
export const pubsubErrors = {
  notConfigured: (): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.FailedPrecondition, errorCode: ErrorCode.PubSubNotConfigured, message: 'no pubsub is configured', reason: 'DAPR_PUBSUB_NOT_CONFIGURED' }),
  nameEmpty: (): DaprApiError =>
    new DaprApiError({ httpStatus: 404, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.PubSubEmpty, message: 'pubsub name is empty', reason: 'DAPR_PUBSUB_NAME_EMPTY' }),
  notFound: (name: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 404,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.PubSubNotFound,
      message: `pubsub ${name} is not found`,
      reason: 'DAPR_PUBSUB_NOT_FOUND',
      resource: { type: 'pubsub', name },
    }),
  topicEmpty: (name: string): DaprApiError =>
    new DaprApiError({ httpStatus: 404, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.TopicNameEmpty, message: `topic is empty in pubsub ${name}`, reason: 'DAPR_PUBSUB_TOPIC_NAME_EMPTY', resource: { type: 'pubsub', name } }),
  forbidden: (name: string, topic: string, appId: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 403,
      grpcCode: GrpcCode.PermissionDenied,
      errorCode: ErrorCode.PubSubForbidden,
      message: `topic ${topic} is not allowed for app id ${appId}`,
      reason: 'DAPR_PUBSUB_FORBIDDEN',
      resource: { type: 'pubsub', name },
    }),
  metadata: (name: string, detail: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.PubSubRequestMetadata, message: `failed deserializing metadata: ${detail}`, reason: 'DAPR_PUBSUB_METADATA_DESERIALIZATION', resource: { type: 'pubsub', name } }),
  cloudEvent: (name: string, detail: string): DaprApiError =>
    new DaprApiError({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: ErrorCode.PubSubCloudEventsSer, message: `cannot create cloudevent: ${detail}`, reason: 'DAPR_PUBSUB_CLOUD_EVENT_CREATION', resource: { type: 'pubsub', name } }),
  bulkBody: (name: string, topic: string, detail: string): DaprApiError =>
    new DaprApiError({
      httpStatus: 400,
      grpcCode: GrpcCode.InvalidArgument,
      errorCode: ErrorCode.PubSubEventsSer,
      message: `error when unmarshaling the request for topic ${topic} pubsub ${name}: ${detail}`,
      reason: 'DAPR_PUBSUB_EVENTS_SERIALIZATION',
      resource: { type: 'pubsub', name },
    }),
  publish: (name: string, topic: string, detail: string, cause?: unknown): DaprApiError =>
    new DaprApiError({
      httpStatus: 500,
      grpcCode: GrpcCode.Internal,
      errorCode: ErrorCode.PubSubPublishMessage,
      message: `error when publish to topic ${topic} in pubsub ${name}: ${detail}`,
      reason: 'DAPR_PUBSUB_PUBLISH_MESSAGE',
      resource: { type: 'pubsub', name },
      cause,
    }),
};
