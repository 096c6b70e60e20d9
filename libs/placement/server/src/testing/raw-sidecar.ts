import { credentials, type ClientDuplexStream, type StatusObject } from '@grpc/grpc-js';
import { placementV1 } from '@dapr-ts/proto';

/**
 * How a raw sidecar behaves:
 * - `ack`: a 1.18 sidecar; REPORT heartbeats, acks every order at once.
 * - `hold`: like `ack`, but keeps its acks until {@link RawSidecar.release}.
 * - `stuck`: REPORT heartbeats, never acks (a hung sidecar).
 * - `legacy`: a 1.16 sidecar; heartbeats with operation UNKNOWN, never acks.
 */
export type RawSidecarMode = 'ack' | 'hold' | 'stuck' | 'legacy';

export interface RawSidecarOptions {
  name: string;
  namespace?: string;
  appId?: string;
  entities?: string[];
  port?: number;
  mode?: RawSidecarMode;
  /** Heartbeat interval; the default 200 ms keeps well inside test keepalive timeouts. */
  heartbeatMs?: number;
}

const ackOperation: Record<string, placementV1.HostOperation> = {
  lock: placementV1.HostOperation.LOCK,
  update: placementV1.HostOperation.UPDATE,
  unlock: placementV1.HostOperation.UNLOCK,
};

/** Polls `check` until it returns something other than undefined/false; fails naming `what`. */
export async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A sidecar's side of `ReportDaprStatus`, driven by hand over a real grpc-js client stream: the
 * test double of daprd's placement client (the way Dapr's integration tests play a stuck sidecar).
 */
export class RawSidecar {
  /** Every order received, in order. */
  readonly orders: placementV1.PlacementOrder[] = [];
  /** The stream's final status, once it ended. */
  status: StatusObject | undefined;
  private readonly client: placementV1.PlacementClient;
  private readonly call: ClientDuplexStream<placementV1.Host, placementV1.PlacementOrder>;
  private readonly host: placementV1.Host;
  private mode: RawSidecarMode;
  private readonly unacked: placementV1.PlacementOrder[] = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(address: string, options: RawSidecarOptions) {
    this.mode = options.mode ?? 'ack';
    this.host = placementV1.Host.fromPartial({
      name: options.name,
      port: options.port ?? 50002,
      id: options.appId ?? options.name.split(':')[0],
      entities: options.entities ?? [],
      namespace: options.namespace ?? 'default',
      apiLevel: 20,
    });
    this.client = new placementV1.PlacementClient(address, credentials.createInsecure());
    this.call = this.client.reportDaprStatus();
    this.call.on('data', (order: placementV1.PlacementOrder) => this.onOrder(order));
    this.call.on('status', (s: StatusObject) => this.ended(s));
    this.call.on('error', () => undefined); // the status event carries the outcome
    this.report();
    const every = options.heartbeatMs ?? 200;
    if (every > 0) this.heartbeat = setInterval(() => this.report(), every);
  }

  get name(): string {
    return this.host.name;
  }

  /** Sends a heartbeat/report with the current host fields. */
  report(): void {
    if (this.status) return;
    const operation = this.mode === 'legacy' ? placementV1.HostOperation.UNKNOWN : placementV1.HostOperation.REPORT;
    this.call.write({ ...this.host, operation });
  }

  /** Sends one report with some fields overridden (a misbehaving sidecar). */
  reportAs(overrides: Partial<placementV1.Host>): void {
    this.call.write({ ...this.host, operation: placementV1.HostOperation.REPORT, ...overrides });
  }

  /** Changes the reported actor types and reports at once. */
  setEntities(entities: string[]): void {
    this.host.entities = entities;
    this.report();
  }

  stopHeartbeats(): void {
    clearInterval(this.heartbeat);
  }

  /** `hold` → `ack`: acks every held order, in order, then acks as they come. */
  release(): void {
    this.mode = 'ack';
    for (const order of this.unacked.splice(0)) this.ack(order);
  }

  /** Half-closes the stream, as a sidecar shutting down cleanly does. */
  end(): void {
    this.stopHeartbeats();
    this.call.end();
  }

  close(): void {
    this.stopHeartbeats();
    this.call.cancel();
    this.client.close();
  }

  /** Versions of the orders of one operation, in arrival order. */
  versions(operation: 'lock' | 'update' | 'unlock'): number[] {
    return this.orders.filter((o) => o.operation === operation).map((o) => o.version);
  }

  /** The latest update order, if any. */
  lastUpdate(): placementV1.PlacementOrder | undefined {
    return this.orders.filter((o) => o.operation === 'update').at(-1);
  }

  /** Whether the sidecar received `operation` of `version`. */
  received(operation: 'lock' | 'update' | 'unlock', version: number): boolean {
    return this.orders.some((o) => o.operation === operation && o.version === version);
  }

  /** Waits for the stream's final status. */
  waitForStatus(timeoutMs?: number): Promise<StatusObject> {
    return eventually(`the stream of ${this.name} to end`, () => this.status, timeoutMs);
  }

  /** Waits until `operation` of some version matching `predicate` arrived; returns that order. */
  waitForOrder(what: string, predicate: (order: placementV1.PlacementOrder) => boolean, timeoutMs?: number): Promise<placementV1.PlacementOrder> {
    return eventually(`${this.name} to receive ${what}`, () => this.orders.find(predicate), timeoutMs);
  }

  private onOrder(order: placementV1.PlacementOrder): void {
    this.orders.push(order);
    if (this.mode === 'ack') this.ack(order);
    else if (this.mode === 'hold') this.unacked.push(order);
  }

  private ack(order: placementV1.PlacementOrder): void {
    if (this.status) return;
    const operation = ackOperation[order.operation];
    if (operation === undefined) return;
    this.call.write(placementV1.Host.fromPartial({ name: this.host.name, namespace: this.host.namespace, operation, version: order.version }));
  }

  private ended(status: StatusObject): void {
    this.status = status;
    this.stopHeartbeats();
    this.client.close();
  }
}

/** Host names listed for `actorType` in an update order's table, sorted. */
export function hostsOf(order: placementV1.PlacementOrder | undefined, actorType: string): string[] {
  return Object.keys(order?.tables?.entries[actorType]?.loadMap ?? {}).sort();
}
