import { credentials, type ClientDuplexStream, type StatusObject } from '@grpc/grpc-js';
import { placementV1 } from '@dapr-ts/proto';

export interface StuckHostOptions {
  /** The host name it reports (`host:port`); nothing needs to listen there. */
  name: string;
  appId: string;
  entities: string[];
  namespace?: string;
  /** REPORT heartbeats keep the stream inside placement's keepalive timeout. */
  heartbeatMs?: number;
}

/**
 * A hung sidecar, played over a raw `@grpc/grpc-js` stream of `Placement/ReportDaprStatus` (as
 * Dapr's integration tests play one): it joins as a host of the given actor types with a 1.18
 * sidecar's REPORT heartbeats (so placement waits for its acks), then never acknowledges any
 * order. Placement must cut it once the disseminate timeout passes.
 */
export class StuckHost {
  /** Every order placement sent, in order. */
  readonly orders: placementV1.PlacementOrder[] = [];
  /** How the stream ended, once it did. */
  status: StatusObject | undefined;
  private readonly client: placementV1.PlacementClient;
  private readonly call: ClientDuplexStream<placementV1.Host, placementV1.PlacementOrder>;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(placementAddress: string, options: StuckHostOptions) {
    const [, port] = options.name.split(':');
    const host = placementV1.Host.fromPartial({
      name: options.name,
      port: Number(port),
      id: options.appId,
      entities: options.entities,
      namespace: options.namespace ?? 'default',
      apiLevel: 20,
      operation: placementV1.HostOperation.REPORT,
    });
    this.client = new placementV1.PlacementClient(placementAddress, credentials.createInsecure());
    this.call = this.client.reportDaprStatus();
    this.call.on('data', (order: placementV1.PlacementOrder) => this.orders.push(order));
    this.call.on('status', (s: StatusObject) => {
      this.status = s;
      clearInterval(this.heartbeat);
    });
    this.call.on('error', () => undefined); // the status event carries the outcome
    const report = (): void => {
      if (!this.status) this.call.write(host);
    };
    report();
    this.heartbeat = setInterval(report, options.heartbeatMs ?? 500);
  }

  /** Operations received, in order (`lock`, `update`, `unlock`). */
  operations(): string[] {
    return this.orders.map((o) => o.operation);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.call.cancel();
    this.client.close();
  }
}
