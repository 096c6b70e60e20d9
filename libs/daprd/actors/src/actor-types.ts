import type { HeaderMap } from '@dapr-ts/daprd-invocation';

/** An actor method call, as any transport hands it to the runtime. */
export interface ActorCallRequest {
  actorType: string;
  actorId: string;
  /** `<method>`, or `remind/<name>` / `timer/<name>` for callbacks. */
  method: string;
  data: Buffer;
  headers: HeaderMap;
}

/** The app's raw answer; the API layer decides whether it is a result or an actor error. */
export interface ActorCallResponse {
  status: number;
  data: Buffer;
  contentType: string;
  headers: HeaderMap;
}

/** Calls `CallActor` on the sidecar that hosts an actor. */
export interface RemoteActorInvoker {
  callActor(address: string, request: ActorCallRequest, signal: AbortSignal): Promise<ActorCallResponse>;
}

/** A remote sidecar refused the call with a gRPC status (see {@link ActorRefusal}). */
export class RemoteActorError extends Error {
  override readonly name = 'RemoteActorError';
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** gRPC codes a host answers CallActor with when the runtime, not the app, refuses. */
export const ActorRefusal = {
  /** The actor is not (or no longer) hosted here: re-resolve and retry. */
  NotHosted: 9, // FAILED_PRECONDITION
  /** The sidecar is unreachable or shutting down: wait for a new table and retry. */
  Unavailable: 14,
  StackDepth: 8, // RESOURCE_EXHAUSTED
} as const;

/** Thrown by the local runtime when it does not own the actor under the current table. */
export class ActorNotHostedError extends Error {
  override readonly name = 'ActorNotHostedError';
  constructor(actorType: string, actorId: string) {
    super(`actor ${actorType}/${actorId} is not hosted on this sidecar`);
  }
}

export const ReentrancyHeader = 'dapr-reentrancy-id';
/** The app marks an actor error (vs. a transport failure) with this response header. */
export const ActorErrorHeader = 'x-daprerrorresponseheader';
export const ReminderCancelHeader = 'x-daprremindercancel';
