import { credentials, status as GrpcStatus, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { Logger } from '@dapr-ts/logger';
import { placementV1 } from '@dapr-ts/proto';
import { PlacementTable } from './placement-table';
import type { TableGate } from './table-gate';

/** What the actor runtime does at each step of a dissemination round. */
export interface PlacementRoundHandler {
  /** A round began: the gate is closed; resolve once running turns drained (bounded). */
  onLock(): Promise<void>;
  /** The new table is in the gate; resolve once actors that moved away are deactivated. */
  onUpdate(table: PlacementTable): Promise<void>;
  /** The stream broke: every local actor must go, others may take them over. */
  onDisconnect(): Promise<void>;
}

export interface PlacementClientOptions {
  /** `host:port` of every placement replica; tried in turn. */
  addresses: string[];
  /** This sidecar's `host:internal-grpc-port`: its name in the table and the address others dial. */
  hostName: string;
  internalPort: number;
  appId: string;
  namespace: string;
  gate: TableGate;
  handler: PlacementRoundHandler;
  logger: Logger;
  heartbeatMs?: number;
}

const MaxBackoffMs = 5_000;

/**
 * The sidecar end of `Placement/ReportDaprStatus`: reports this host (and its actor types) every
 * second, follows lock → update → unlock rounds and acknowledges each step after doing it, so
 * placement never unlocks the cluster while a moved actor is still active here. A broken stream
 * closes the gate, deactivates local actors and reconnects with backoff, trying every replica.
 */
export class PlacementClient {
  private readonly options: PlacementClientOptions;
  private entities: string[] = [];
  private stream: ClientDuplexStream<placementV1.Host, placementV1.PlacementOrder> | undefined;
  private client: placementV1.PlacementClient | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private next = 0;
  private backoffMs = 250;
  private stopped = false;
  private orders: Promise<void> = Promise.resolve();
  private lastVersion = 0;
  private connected = false;

  constructor(options: PlacementClientOptions) {
    if (options.addresses.length === 0) throw new Error('no placement address');
    this.options = options;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(entities: string[]): void {
    this.entities = [...entities];
    this.connect();
  }

  /** New actor types (the app changed its mind, or became unhealthy): reported at once. */
  setEntities(entities: string[]): void {
    this.entities = [...entities];
    this.send(placementV1.HostOperation.REPORT);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    clearInterval(this.heartbeat);
    this.stream?.end();
    this.stream?.cancel();
    this.client?.close();
    await this.orders;
  }

  private connect(): void {
    if (this.stopped) return;
    const address = this.options.addresses[this.next % this.options.addresses.length] as string;
    this.next++;
    const client = new placementV1.PlacementClient(address, credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 3_000,
      'grpc.initial_reconnect_backoff_ms': 250,
    });
    this.client = client;
    const stream = client.reportDaprStatus();
    this.stream = stream;
    // Versions count per placement leader: a restarted or new leader starts again at 1, and its
    // unlocks must not be taken for stale ones of the stream before.
    this.lastVersion = 0;
    let failed = false;
    const fail = (reason: string): void => {
      if (failed) return;
      failed = true;
      clearInterval(this.heartbeat);
      client.close();
      if (this.stream === stream) this.stream = undefined;
      this.lost(address, reason);
    };
    stream.on('data', (order: placementV1.PlacementOrder) => {
      if (!this.connected) {
        this.connected = true;
        this.backoffMs = 250;
        this.options.logger.info(`actor runtime connected to placement at ${address}`);
      }
      // Orders still queued when their stream broke are dropped: the gate already went to disconnected.
      this.orders = this.orders.then(() => (this.stream === stream ? this.apply(order) : undefined)).catch((err: unknown) => this.options.logger.error(`placement order ${order.operation} failed: ${(err as Error).message}`));
    });
    stream.on('error', (err: ServiceError) => fail(err.code === GrpcStatus.FAILED_PRECONDITION ? `${address} is not the placement leader` : err.details || err.message));
    stream.on('end', () => fail('placement closed the stream'));
    this.send(placementV1.HostOperation.REPORT);
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.send(placementV1.HostOperation.REPORT), this.options.heartbeatMs ?? 1_000);
    this.heartbeat.unref();
  }

  private lost(address: string, reason: string): void {
    const wasConnected = this.connected;
    this.connected = false;
    if (this.stopped) return;
    const message = `placement at ${address} unreachable: ${reason}`;
    if (wasConnected) this.options.logger.warn(`${message}; deactivating local actors and reconnecting`);
    else this.options.logger.debug(message);
    this.options.gate.disconnected(message);
    this.orders = this.orders.then(() => this.options.handler.onDisconnect()).catch((err: unknown) => this.options.logger.error(`deactivating actors failed: ${(err as Error).message}`));
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MaxBackoffMs);
    this.reconnect = setTimeout(() => this.connect(), delay);
    this.reconnect.unref();
  }

  private async apply(order: placementV1.PlacementOrder): Promise<void> {
    const version = order.version;
    switch (order.operation) {
      case 'lock':
        this.options.gate.lock();
        await this.options.handler.onLock();
        this.send(placementV1.HostOperation.LOCK, version);
        return;
      case 'update': {
        const table = PlacementTable.fromOrder(version, order.tables);
        this.options.gate.update(table);
        this.lastVersion = Math.max(this.lastVersion, version);
        await this.options.handler.onUpdate(table);
        this.send(placementV1.HostOperation.UPDATE, version);
        return;
      }
      case 'unlock':
        // A late unlock of an older round must not open the door on a newer round's lock.
        if (version !== 0 && version < this.lastVersion) return;
        this.options.gate.unlock();
        this.send(placementV1.HostOperation.UNLOCK, version);
        return;
      default:
        this.options.logger.warn(`ignoring unknown placement operation "${order.operation}"`);
    }
  }

  private send(operation: placementV1.HostOperation, version?: number): void {
    const stream = this.stream;
    if (!stream || stream.destroyed || stream.writableEnded) return;
    stream.write({
      name: this.options.hostName,
      port: this.options.internalPort,
      load: 0,
      entities: this.entities,
      id: this.options.appId,
      pod: '',
      apiLevel: 20,
      namespace: this.options.namespace,
      operation,
      ...(version === undefined ? {} : { version }),
    });
  }
}
