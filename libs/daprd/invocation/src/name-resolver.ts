/** One running sidecar as name resolution knows it. */
export interface SidecarInstance {
  appId: string;
  namespace: string;
  /** Host other sidecars dial. */
  host: string;
  /** Internal gRPC port (dapr.proto.internals.v1.ServiceInvocation). */
  internalPort: number;
  httpPort: number;
  grpcPort: number;
  appPort?: number;
  pid: number;
  startedAt: string;
}

/**
 * Finds sidecars by app id. Mirrors Dapr's nameresolution contract (ResolveID), plus registration,
 * which standalone resolvers need.
 */
export interface NameResolver {
  /** Announces this sidecar; undone by close(). */
  register(instance: SidecarInstance): Promise<void>;
  /** `host:port` of one instance of the app, or undefined when none runs. Spreads calls over instances. */
  resolve(appId: string, namespace: string): Promise<string | undefined>;
  /** Forget cached addresses of an app, e.g. after a connection failure. */
  invalidate(appId: string, namespace: string): void;
  close(): Promise<void>;
}
