/** What a {@link LeaderElection} tells the placement server. */
export interface LeaderCallbacks {
  /** This replica became the leader: it may accept sidecar streams. */
  onElected(): void;
  /** This replica is no longer the leader: it must refuse and cut sidecar streams. */
  onDeposed(): void;
}

/**
 * The seam where placement learns whether it leads. Only the leader serves sidecars; the others
 * answer `FAILED_PRECONDITION` so sidecars move on to the next address.
 *
 * Standalone runs use {@link AlwaysLeader}. A Kubernetes implementation plugs in here: it would hold
 * a `coordination.k8s.io/v1` Lease (acquire, renew before `leaseDurationSeconds`, call `onDeposed`
 * the moment a renewal fails) in place of Dapr's raft. Not written yet.
 */
export interface LeaderElection {
  /** Starts campaigning. Callbacks may fire synchronously, from within `start`. */
  start(callbacks: LeaderCallbacks): Promise<void>;
  /** Stops campaigning and gives up leadership; no callback fires after it resolves. */
  stop(): Promise<void>;
}

/** The single standalone replica: leader from `start` until `stop`. */
export class AlwaysLeader implements LeaderElection {
  async start(callbacks: LeaderCallbacks): Promise<void> {
    callbacks.onElected();
  }

  async stop(): Promise<void> {
    // Nothing is held, so there is nothing to release.
  }
}
