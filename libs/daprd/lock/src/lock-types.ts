/**
 * Request and response shapes of the lock API. Field names and enum numbers follow the
 * dapr.proto.runtime.v1 lock messages, so gRPC handlers pass decoded messages straight in and the
 * HTTP adapter builds the same shapes from JSON.
 */

/** dapr.proto.runtime.v1.TryLockRequest. */
export interface TryLockMessage {
  storeName: string;
  resourceId: string;
  lockOwner: string;
  /** int32 on the wire; must be positive. */
  expiryInSeconds: number;
}

/** dapr.proto.runtime.v1.TryLockResponse. */
export interface TryLockResult {
  success: boolean;
}

/** dapr.proto.runtime.v1.UnlockRequest. */
export interface UnlockMessage {
  storeName: string;
  resourceId: string;
  lockOwner: string;
}

/**
 * dapr.proto.runtime.v1.UnlockResponse.Status wire numbers. `InternalError` (3) is never returned
 * by {@link LockApi.unlock}: a failed unlock throws ERR_UNLOCK instead, as Dapr answers with an
 * error status rather than a body.
 */
export const UnlockStatusCode = {
  Success: 0,
  LockDoesNotExist: 1,
  LockBelongsToOthers: 2,
  InternalError: 3,
} as const;
export type UnlockStatusCode = (typeof UnlockStatusCode)[keyof typeof UnlockStatusCode];

/** dapr.proto.runtime.v1.UnlockResponse. */
export interface UnlockResult {
  status: UnlockStatusCode;
}
