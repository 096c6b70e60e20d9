/**
 * Placement's Prometheus metrics, by namespace, rendered in the text exposition format without a
 * client library. Names are Dapr's (`dapr_placement_*`).
 */
export class PlacementMetrics {
  private readonly runtimes = new Map<string, number>();
  private readonly actorRuntimes = new Map<string, number>();
  private readonly rounds = new Map<string, number>();
  private readonly cuts = new Map<string, number>();

  /** Sets the gauges of one namespace: connected hosts, and those hosting actor types. */
  setRuntimes(namespace: string, total: number, withActors: number): void {
    this.runtimes.set(namespace, total);
    this.actorRuntimes.set(namespace, withActors);
  }

  roundStarted(namespace: string): void {
    this.rounds.set(namespace, (this.rounds.get(namespace) ?? 0) + 1);
  }

  streamCut(namespace: string): void {
    this.cuts.set(namespace, (this.cuts.get(namespace) ?? 0) + 1);
  }

  /** Rounds started in a namespace so far. */
  roundCount(namespace: string): number {
    return this.rounds.get(namespace) ?? 0;
  }

  /** Streams cut in a namespace so far. */
  cutCount(namespace: string): number {
    return this.cuts.get(namespace) ?? 0;
  }

  /** The `/metrics` body. */
  render(): string {
    return [
      family('dapr_placement_runtimes_total', 'gauge', 'The total number of runtimes reported to placement service.', this.runtimes),
      family('dapr_placement_actor_runtimes_total', 'gauge', 'The total number of actor runtimes reported to placement service.', this.actorRuntimes),
      family('dapr_placement_dissemination_rounds_total', 'counter', 'The total number of placement table dissemination rounds started.', this.rounds),
      family('dapr_placement_cut_streams_total', 'counter', 'The total number of sidecar streams cut by placement (timeouts, replacements).', this.cuts),
    ].join('');
  }
}

function family(name: string, type: 'gauge' | 'counter', help: string, values: ReadonlyMap<string, number>): string {
  const samples = [...values].map(([namespace, value]) => `${name}{namespace="${escapeLabel(namespace)}"} ${value}\n`);
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${samples.join('')}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
