/** Tracks what `/v1.0/healthz` and `/v1.0/healthz/outbound` report. */
export class Readiness {
  private outbound = false;
  private app = false;
  private stopping = false;

  constructor(private readonly needsApp: boolean) {}

  markOutboundReady(): void {
    this.outbound = true;
  }

  markAppReady(): void {
    this.app = true;
  }

  markStopping(): void {
    this.stopping = true;
  }

  isOutboundReady(): boolean {
    return this.outbound && !this.stopping;
  }

  isReady(): boolean {
    return this.outbound && (!this.needsApp || this.app) && !this.stopping;
  }
}
