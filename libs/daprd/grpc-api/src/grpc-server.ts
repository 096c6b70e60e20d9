import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { installUnknownServiceHandler, type RawDuplexCall } from './unknown-service-handler';

export interface GrpcServerOptions {
  port: number;
  /** Empty = all interfaces. */
  hosts: readonly string[];
  services: readonly { definition: ServiceDefinition; implementation: UntypedServiceImplementation }[];
  maxMessageSize: number;
  /** Receives calls to methods no service implements (gRPC proxying). */
  unknown?: (call: RawDuplexCall) => void;
}

export interface RunningGrpcServer {
  port: number;
  /** Stops accepting; in-flight calls get `graceMs` to finish, then are cancelled. */
  close(graceMs: number): Promise<void>;
}

/** Starts a grpc-js server (h2c) with the given services bound on every host. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': options.maxMessageSize,
    'grpc.max_send_message_length': -1,
    'grpc.keepalive_permit_without_calls': 1,
  });
  for (const { definition, implementation } of options.services) server.addService(definition, implementation);
  if (options.unknown) installUnknownServiceHandler(server, options.unknown);
  const bind = (host: string, port: number): Promise<number> =>
    new Promise<number>((resolve, reject) => server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, actual) => (err ? reject(err) : resolve(actual))));
  let port = options.port;
  if (options.hosts.length === 0) {
    // All interfaces: the IPv6 wildcard is dual-stack on Linux; fall back to IPv4 where IPv6 is off.
    port = await bind('[::]', port).catch(() => bind('0.0.0.0', port));
  } else {
    for (const host of options.hosts) port = await bind(host.startsWith('[') || !host.includes(':') ? host : `[${host}]`, port);
  }
  return {
    port,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
