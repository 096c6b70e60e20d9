import { DaprApiError } from './dapr-api-error';
import { ErrorCode } from './error-codes';
import { GrpcCode } from './grpc-code';

interface Spec {
  httpStatus: number;
  grpcCode: GrpcCode;
  errorCode: string;
  reason: string;
}

const make = (spec: Spec, message: string, cause?: unknown): DaprApiError => new DaprApiError({ ...spec, message, ...(cause === undefined ? {} : { cause }) });
const internal = (errorCode: string, reason: string): Spec => ({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode, reason });
const badRequest = (errorCode: string, reason: string): Spec => ({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode, reason });

/**
 * Actor API errors; codes and messages as in Dapr's pkg/messages/predefined.go (actor group).
 * Deviation: a malformed duration or body is the caller's mistake and answers 400 (Dapr: 500).
 */
export const actorErrors = {
  runtimeNotFound: (): DaprApiError =>
    make(
      internal(ErrorCode.ActorRuntimeNotFound, 'DAPR_ACTOR_RUNTIME_NOT_FOUND'),
      `the state store is not configured to use the actor runtime. Have you set the - name: actorStateStore value: "true" in your state store component file?`,
    ),
  /** Actors used on a sidecar started without `--placement-host-address`. */
  notEnabled: (): DaprApiError =>
    make(internal(ErrorCode.ActorRuntimeNotFound, 'DAPR_ACTOR_RUNTIME_NOT_FOUND'), 'actors are not enabled on this sidecar: start daprd with --placement-host-address <placement host:port>'),
  noPlacement: (detail: string): DaprApiError =>
    make({ httpStatus: 400, grpcCode: GrpcCode.Unavailable, errorCode: ErrorCode.ActorNoPlacement, reason: 'DAPR_ACTOR_NO_PLACEMENT' }, `actor runtime is not connected to placement: ${detail}`),
  noAddress: (actorType: string, actorId: string): DaprApiError =>
    make(
      { httpStatus: 404, grpcCode: GrpcCode.FailedPrecondition, errorCode: ErrorCode.ActorNoAddress, reason: 'DAPR_ACTOR_NO_ADDRESS' },
      `did not find address for actor ${actorType}/${actorId}: no sidecar hosts actor type ${actorType}`,
    ),
  runtimeClosed: (): DaprApiError =>
    make({ httpStatus: 503, grpcCode: GrpcCode.Unavailable, errorCode: ErrorCode.ActorRuntimeClosed, reason: 'DAPR_ACTOR_RUNTIME_CLOSED' }, 'actor runtime is closed'),
  instanceMissing: (): DaprApiError => make(badRequest(ErrorCode.ActorInstanceMissing, 'DAPR_ACTOR_INSTANCE_MISSING'), 'actor instance is missing'),
  invokeMethod: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorInvokeMethod, 'DAPR_ACTOR_INVOKE_METHOD'), `error invoke actor method: ${detail}`, cause),
  noAppChannel: (): DaprApiError => make(internal(ErrorCode.ActorNoAppChannel, 'DAPR_ACTOR_NO_APP_CHANNEL'), 'app channel for actors is not initialized'),
  stackDepth: (max: number): DaprApiError =>
    make({ httpStatus: 500, grpcCode: GrpcCode.ResourceExhausted, errorCode: ErrorCode.ActorStackDepth, reason: 'DAPR_ACTOR_STACK_DEPTH' }, `maximum stack depth exceeded (${max})`),
  stateGet: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorStateGet, 'DAPR_ACTOR_STATE_GET'), `error getting actor state: ${detail}`, cause),
  stateTransaction: (detail: string, cause?: unknown): DaprApiError =>
    make(internal(ErrorCode.ActorStateTransactionSave, 'DAPR_ACTOR_STATE_TRANSACTION_SAVE'), `error saving actor transaction state: ${detail}`, cause),
  badStateTransaction: (detail: string): DaprApiError => make(badRequest(ErrorCode.ActorStateTransactionSave, 'DAPR_ACTOR_STATE_TRANSACTION_SAVE'), `error saving actor transaction state: ${detail}`),
  reminderCreate: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorReminderCreate, 'DAPR_ACTOR_REMINDER_CREATE'), `error creating actor reminder: ${detail}`, cause),
  badReminder: (detail: string): DaprApiError => make(badRequest(ErrorCode.ActorReminderCreate, 'DAPR_ACTOR_REMINDER_CREATE'), `error creating actor reminder: ${detail}`),
  reminderGet: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorReminderGet, 'DAPR_ACTOR_REMINDER_GET'), `error getting actor reminder: ${detail}`, cause),
  reminderDelete: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorReminderDelete, 'DAPR_ACTOR_REMINDER_DELETE'), `error deleting actor reminder: ${detail}`, cause),
  reminderNotFound: (name: string): DaprApiError =>
    make({ httpStatus: 404, grpcCode: GrpcCode.NotFound, errorCode: ErrorCode.ActorReminderNotFound, reason: 'DAPR_ACTOR_REMINDER_NOT_FOUND' }, `actor reminder ${name} not found`),
  reminderNonHosted: (): DaprApiError =>
    make(
      { httpStatus: 403, grpcCode: GrpcCode.PermissionDenied, errorCode: ErrorCode.ActorReminderNonHosted, reason: 'DAPR_ACTOR_REMINDER_NON_HOSTED' },
      'operations on actor reminders are only possible on hosted actor types',
    ),
  timerCreate: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorTimerCreate, 'DAPR_ACTOR_TIMER_CREATE'), `error creating actor timer: ${detail}`, cause),
  badTimer: (detail: string): DaprApiError => make(badRequest(ErrorCode.ActorTimerCreate, 'DAPR_ACTOR_TIMER_CREATE'), `error creating actor timer: ${detail}`),
  timerDelete: (detail: string, cause?: unknown): DaprApiError => make(internal(ErrorCode.ActorTimerDelete, 'DAPR_ACTOR_TIMER_DELETE'), `error deleting actor timer: ${detail}`, cause),
  malformed: (detail: string): DaprApiError => make(badRequest(ErrorCode.MalformedRequest, 'DAPR_ACTOR_MALFORMED_REQUEST'), detail),
};
