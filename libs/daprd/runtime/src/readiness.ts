/** Tracks what `/v1.0/healthz` and `/v1.0/healthz/outbound` report. */
export class Readiness {
  private outbound = false;
  private app = false;
  private stopping = false;

  private readonly needsApp: boolean;

  constructor(needsApp: boolean) {
    this.needsApp = needsApp;
  }

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
