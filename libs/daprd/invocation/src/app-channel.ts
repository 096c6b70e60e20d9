import type { InvocationRequest, InvocationResponse } from './invocation-types';

/** The connection from daprd to its own app (Dapr's channel.AppChannel). */
export interface AppChannel {
  readonly protocol: 'http' | 'grpc';
  /** Calls a method on the app. Transport failures throw; app error statuses are returned. */
  invoke(request: InvocationRequest, signal: AbortSignal): Promise<InvocationResponse>;
  /** Resolves once the app port accepts connections (Dapr waits for it before calling the app). */
  waitUntilReachable(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Limits concurrent calls into the app (`--app-max-concurrency`); -1 = unlimited. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.max > 0 && this.active >= this.max) {
      // The finishing call hands its slot over (see below), so `active` already counts this one.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
