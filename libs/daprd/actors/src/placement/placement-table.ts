import { DefaultReplicationFactor, HashRing } from '@dapr-ts/placement-hashing';
import type { placementV1 } from '@dapr-ts/proto';

/** Where an actor lives: the owning sidecar's internal gRPC address and its app id. */
export interface ActorAddress {
  /** `host:internal-port`, dialled directly for CallActor. */
  address: string;
  appId: string;
}

/**
 * One disseminated placement table: a consistent-hash ring per actor type. Since placement
 * API level 20 only the host lists travel; every sidecar builds identical rings from them.
 */
export class PlacementTable {
  readonly version: number;
  private readonly rings = new Map<string, HashRing>();
  private readonly appIds = new Map<string, string>();

  constructor(version: number, entries: Map<string, placementV1.Host[]>, replicationFactor: number) {
    this.version = version;
    const factor = replicationFactor > 0 ? replicationFactor : DefaultReplicationFactor;
    for (const [actorType, hosts] of entries) {
      for (const host of hosts) this.appIds.set(host.name, host.id);
      this.rings.set(actorType, new HashRing(hosts.map((h) => h.name), factor));
    }
  }

  static fromOrder(version: number, tables: placementV1.PlacementTables | undefined): PlacementTable {
    const entries = new Map<string, placementV1.Host[]>();
    for (const [actorType, table] of Object.entries(tables?.entries ?? {})) {
      const hosts = Object.entries(table.loadMap ?? {}).map(([name, host]) => ({ ...host, name: host.name || name }));
      if (hosts.length > 0) entries.set(actorType, hosts);
    }
    return new PlacementTable(version, entries, tables?.replicationFactor ?? DefaultReplicationFactor);
  }

  hasType(actorType: string): boolean {
    return this.rings.has(actorType);
  }

  types(): string[] {
    return [...this.rings.keys()];
  }

  lookup(actorType: string, actorId: string): ActorAddress | undefined {
    const address = this.rings.get(actorType)?.lookup(actorId);
    return address === undefined ? undefined : { address, appId: this.appIds.get(address) ?? '' };
  }
}
