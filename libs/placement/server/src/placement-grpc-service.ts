import type { status, ServerDuplexStream } from '@grpc/grpc-js';
import type { placementV1 } from '@dapr-ts/proto';
import type { HostConnection, PlacementCoordinator } from './placement-coordinator';

type ReportStream = ServerDuplexStream<placementV1.Host, placementV1.PlacementOrder>;

/** A `ReportDaprStatus` call as a {@link HostConnection}. */
class GrpcHostConnection implements HostConnection {
  private readonly call: ReportStream;
  private ended = false;

  constructor(call: ReportStream) {
    this.call = call;
  }

  send(order: placementV1.PlacementOrder): void {
    if (this.ended || this.call.cancelled) return;
    this.call.write(order);
  }

  end(code: status, message: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.call.cancelled) return;
    // grpc-js turns an 'error' event on a server stream into the call's final status.
    this.call.emit('error', { code, details: message, message });
  }

  /** The sidecar half-closed: answer with OK. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.call.cancelled) this.call.end();
  }
}

/**
 * The `dapr.proto.placement.v1.Placement` service for grpc-js: each `ReportDaprStatus` stream is
 * handed to the coordinator. The adapter only translates stream events.
 */
export function placementServiceImplementation(coordinator: PlacementCoordinator): placementV1.PlacementServer {
  return {
    reportDaprStatus(call: ReportStream): void {
      const connection = new GrpcHostConnection(call);
      const gone = (): void => coordinator.closed(connection);
      // Listeners first: `open` may end the stream at once (not the leader).
      call.on('data', (message: placementV1.Host) => coordinator.receive(connection, message));
      call.on('end', () => {
        gone();
        connection.finish();
      });
      call.on('cancelled', gone);
      call.on('error', gone);
      call.on('close', gone);
      coordinator.open(connection);
    },
  };
}
