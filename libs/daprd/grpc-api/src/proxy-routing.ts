import { type Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { NameResolver } from '@dapr-ts/daprd-invocation';
import type { ProxyTarget } from './grpc-proxy';

export interface ProxyRoutingOptions {
  appId: string;
  namespace: string;
  /** The app's gRPC address when its protocol is gRPC. */
  appAddress: string | undefined;
  appApiToken: string | undefined;
  resolver: NameResolver;
  /** API token check for calls arriving on the public gRPC port; internal port passes none. */
  authorized: (metadata: Metadata) => boolean;
  /** True on the internal port: calls must target this sidecar's own app. */
  internal: boolean;
}

/**
 * Where a gRPC call for an unknown service goes (Dapr's gRPC proxying): to the app named by
 * `dapr-app-id` metadata — this sidecar's own app directly, another app through its sidecar.
 */
export function proxyRouter(options: ProxyRoutingOptions): (path: string, metadata: Metadata) => Promise<ProxyTarget> {
  return async (path, incoming) => {
    const target = String(incoming.get('dapr-app-id')[0] ?? incoming.get('dapr-callee-app-id')[0] ?? '');
    if (target === '') return { error: { code: GrpcStatus.UNIMPLEMENTED, details: `unknown service ${path.split('/')[1] ?? path}` } };
    if (!options.authorized(incoming)) return { error: { code: GrpcStatus.UNAUTHENTICATED, details: 'authentication error: api token mismatch' } };
    const dot = target.lastIndexOf('.');
    const appId = dot > 0 ? target.slice(0, dot) : target;
    const namespace = dot > 0 ? target.slice(dot + 1) : options.namespace;
    const metadata = incoming.clone();
    metadata.remove('dapr-api-token');
    if (appId === options.appId && namespace === options.namespace) {
      if (!options.appAddress) return { error: { code: GrpcStatus.UNAVAILABLE, details: `app ${appId} has no gRPC app channel (start daprd with --app-protocol grpc and --app-port)` } };
      if (options.appApiToken) metadata.set('dapr-api-token', options.appApiToken);
      if (!options.internal) metadata.set('dapr-caller-app-id', options.appId);
      metadata.set('dapr-callee-app-id', options.appId);
      return { address: options.appAddress, metadata };
    }
    if (options.internal) return { error: { code: GrpcStatus.PERMISSION_DENIED, details: `this sidecar serves app ${options.appId}, not ${appId}` } };
    const address = await options.resolver.resolve(appId, namespace);
    if (!address) return { error: { code: GrpcStatus.NOT_FOUND, details: `failed to resolve address for app ${appId}` } };
    metadata.set('dapr-caller-app-id', options.appId);
    metadata.set('dapr-caller-namespace', options.namespace);
    return { address, metadata };
  };
}
