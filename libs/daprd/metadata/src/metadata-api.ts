/** A loaded component as the metadata API lists it. */
export interface ComponentInfo {
  name: string;
  type: string;
  version: string;
  capabilities: string[];
}

/** A running subscription as the metadata API lists it (Dapr's `subscriptions` entries). */
export interface SubscriptionInfo {
  pubsubname: string;
  topic: string;
  deadLetterTopic?: string;
  metadata: Record<string, string>;
  rules: { match: string; path: string }[];
  type: 'DECLARATIVE' | 'PROGRAMMATIC' | 'STREAMING';
}

export interface AppConnectionInfo {
  port: number;
  protocol: string;
  channelAddress: string;
  maxConcurrency: number;
  health?: { healthCheckPath: string; healthProbeInterval: string; healthProbeTimeout: string; healthThreshold: number };
}

/** The metadata document, in the field names of Dapr's HTTP metadata API. */
export interface MetadataSnapshot {
  id: string;
  runtimeVersion: string;
  enabledFeatures: string[];
  actors: { type: string; count: number }[];
  components: ComponentInfo[];
  extended: Record<string, string>;
  subscriptions: SubscriptionInfo[];
  httpEndpoints: { name: string }[];
  appConnectionProperties?: AppConnectionInfo;
  actorRuntime: { runtimeStatus: string; activeActors: { type: string; count: number }[]; hostReady: boolean; placement: string };
}

export interface MetadataSources {
  appId: string;
  runtimeVersion: string;
  enabledFeatures: () => string[];
  components: () => ComponentInfo[];
  subscriptions?: () => SubscriptionInfo[];
  appConnection: AppConnectionInfo | undefined;
  /** The actor runtime's state; absent while actors are disabled. */
  actorRuntime?: () => ActorRuntimeInfo;
}

export interface ActorRuntimeInfo {
  /** INITIALIZING, DISABLED or RUNNING. */
  runtimeStatus: string;
  activeActors: { type: string; count: number }[];
  hostReady: boolean;
  /** `placement: connected` / `placement: disconnected`, as Dapr words it. */
  placement: string;
}

/** The metadata API (GET and PUT /v1.0/metadata, gRPC GetMetadata/SetMetadata). */
export class MetadataApi {
  private readonly extended = new Map<string, string>();

  private readonly sources: MetadataSources;

  constructor(sources: MetadataSources) {
    this.sources = sources;
  }

  get(): MetadataSnapshot {
    const actorRuntime = this.sources.actorRuntime?.() ?? { runtimeStatus: 'DISABLED', activeActors: [], hostReady: false, placement: '' };
    return {
      id: this.sources.appId,
      runtimeVersion: this.sources.runtimeVersion,
      enabledFeatures: this.sources.enabledFeatures(),
      actors: actorRuntime.activeActors,
      components: this.sources.components(),
      extended: { ...Object.fromEntries(this.extended), daprRuntimeVersion: this.sources.runtimeVersion },
      subscriptions: this.sources.subscriptions?.() ?? [],
      httpEndpoints: [],
      ...(this.sources.appConnection ? { appConnectionProperties: this.sources.appConnection } : {}),
      actorRuntime,
    };
  }

  /** Stores a custom attribute shown under `extended` (the CLI records appPID, appCommand... this way). */
  set(key: string, value: string): void {
    this.extended.set(key, value);
  }

  extendedMetadata(): Record<string, string> {
    return { ...Object.fromEntries(this.extended), daprRuntimeVersion: this.sources.runtimeVersion };
  }
}
