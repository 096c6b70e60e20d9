import { ringHash } from './hash';

/** Dapr's default number of virtual nodes per host (placement `--replicationFactor`). */
export const DefaultReplicationFactor = 100;

/**
 * A consistent-hash ring of the hosts of one actor type. Each host owns `replicationFactor`
 * virtual nodes at `ringHash(host + i)`; an actor id belongs to the first node at or after
 * `ringHash(id)`, wrapping around. Adding or removing a host only moves the ids of its own nodes.
 */
export class HashRing {
  private readonly points: bigint[];
  private readonly owners: string[];
  readonly hosts: readonly string[];

  constructor(hosts: Iterable<string>, replicationFactor = DefaultReplicationFactor) {
    if (!Number.isInteger(replicationFactor) || replicationFactor < 1) throw new Error(`replication factor must be a positive integer, got ${replicationFactor}`);
    this.hosts = [...new Set(hosts)].sort();
    const nodes: { point: bigint; host: string }[] = [];
    for (const host of this.hosts) {
      for (let i = 0; i < replicationFactor; i++) nodes.push({ point: ringHash(host + String(i)), host });
    }
    // Equal points (astronomically rare) keep the host that sorts first, the same on every sidecar.
    nodes.sort((a, b) => (a.point < b.point ? -1 : a.point > b.point ? 1 : a.host < b.host ? -1 : 1));
    this.points = nodes.map((n) => n.point);
    this.owners = nodes.map((n) => n.host);
  }

  get size(): number {
    return this.hosts.length;
  }

  /** The host owning `id`, or undefined when the ring is empty. */
  lookup(id: string): string | undefined {
    if (this.points.length === 0) return undefined;
    const key = ringHash(id);
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.points[mid] as bigint) < key) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === this.points.length ? 0 : lo];
  }
}
