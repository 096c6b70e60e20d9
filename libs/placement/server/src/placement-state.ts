/** One sidecar in `GET /placement/state`; field names are Dapr's. */
export interface PlacementStateHost {
  name: string;
  appId: string;
  actorTypes: string[];
  /** Unix seconds of the host's last change. */
  updatedAt: number;
  namespace: string;
  apiLevel: number;
}

/** The body of `GET /placement/state` (with `--metadata-enabled`), as Dapr's placement answers it. */
export interface PlacementState {
  hostList: PlacementStateHost[];
  /** Rounds are versioned per namespace; this is the highest version across namespaces. */
  tableVersion: number;
  apiLevel: number;
  replicationFactor: number;
}
