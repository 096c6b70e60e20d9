import { nopLogger } from '@dapr-ts/logger';
import { PlacementServer, type PlacementServerOptions } from '../placement-server';
import { RawSidecar, type RawSidecarOptions } from './raw-sidecar';

/** A placement server on 127.0.0.1:0 and the raw sidecars a test connects to it. */
export interface TestPlacement {
  server: PlacementServer;
  address: string;
  /** Opens a raw sidecar stream, closed again by {@link TestPlacement.close}. */
  sidecar(options: RawSidecarOptions): RawSidecar;
  close(): Promise<void>;
}

export async function startTestPlacement(overrides: Partial<PlacementServerOptions> = {}): Promise<TestPlacement> {
  const server = await PlacementServer.start({ logger: nopLogger(), port: 0, listenAddress: '127.0.0.1', ...overrides });
  const address = `127.0.0.1:${server.port}`;
  const sidecars: RawSidecar[] = [];
  return {
    server,
    address,
    sidecar: (options) => {
      const s = new RawSidecar(address, options);
      sidecars.push(s);
      return s;
    },
    close: async () => {
      for (const s of sidecars) s.close();
      await server.close();
    },
  };
}
