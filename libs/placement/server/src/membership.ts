/** What placement knows about one sidecar, from its latest report. */
export interface MemberHost {
  /** `<host>:<internal-grpc-port>`, unique per sidecar. */
  name: string;
  port: number;
  appId: string;
  /** Actor types the sidecar hosts; empty for a sidecar that only calls actors. */
  entities: readonly string[];
  /** Taken as sent: "" is a namespace of its own. */
  namespace: string;
  apiLevel: number;
  /** Unix milliseconds of the last change to this entry (join, new entities, replacement). */
  updatedAtMs: number;
}

/** A report as the membership takes it: a host without its bookkeeping timestamp. */
export type ReportedHost = Omit<MemberHost, 'updatedAtMs'>;

/**
 * How a report changed the membership. `joined`, `updated` and `replaced` all need a new round
 * in the host's namespace; `unchanged` is a plain heartbeat.
 */
export type MembershipChange = 'joined' | 'updated' | 'replaced' | 'unchanged';

export interface UpsertResult<O> {
  change: MembershipChange;
  /** For `replaced`: the stream that reported this name before, which the caller must cut. */
  previousOwner?: O;
  /** For `replaced`: the namespace the name was in before, when it differs from the new one. */
  previousNamespace?: string;
}

export interface Member<O> {
  host: MemberHost;
  /** The stream that reported the host; `O` is the caller's stream handle. */
  owner: O;
}

/**
 * The connected sidecars, by host name, across namespaces. Pure bookkeeping: it decides what
 * changed, the caller decides what to do about it (rounds, cuts). Host names are unique across
 * namespaces, as they are addresses. Mirrors the member table of dapr pkg/placement, without raft.
 */
export class Membership<O> {
  private readonly byName = new Map<string, Member<O>>();

  /** Records a report from `owner`; see {@link MembershipChange}. */
  upsert(reported: ReportedHost, owner: O, nowMs: number): UpsertResult<O> {
    const existing = this.byName.get(reported.name);
    const host: MemberHost = { ...reported, entities: [...reported.entities], updatedAtMs: nowMs };
    if (!existing) {
      this.byName.set(reported.name, { host, owner });
      return { change: 'joined' };
    }
    if (existing.owner !== owner) {
      this.byName.set(reported.name, { host, owner });
      const moved = existing.host.namespace !== reported.namespace;
      return { change: 'replaced', previousOwner: existing.owner, ...(moved ? { previousNamespace: existing.host.namespace } : {}) };
    }
    if (sameHost(existing.host, reported)) return { change: 'unchanged' };
    existing.host = host;
    return { change: 'updated' };
  }

  /** Removes `name` if `owner` still holds it (a replaced stream ending must not remove its successor). */
  remove(name: string, owner: O): MemberHost | undefined {
    const existing = this.byName.get(name);
    if (!existing || existing.owner !== owner) return undefined;
    this.byName.delete(name);
    return existing.host;
  }

  get(name: string): Member<O> | undefined {
    return this.byName.get(name);
  }

  /** Members of one namespace, in join order. */
  members(namespace: string): Member<O>[] {
    return [...this.byName.values()].filter((m) => m.host.namespace === namespace);
  }

  /** Every member, in join order. */
  all(): Member<O>[] {
    return [...this.byName.values()];
  }
}

function sameHost(a: MemberHost, b: ReportedHost): boolean {
  if (a.port !== b.port || a.appId !== b.appId || a.namespace !== b.namespace || a.apiLevel !== b.apiLevel) return false;
  if (a.entities.length !== b.entities.length) return false;
  const left = [...a.entities].sort();
  const right = [...b.entities].sort();
  return left.every((e, i) => e === right[i]);
}
