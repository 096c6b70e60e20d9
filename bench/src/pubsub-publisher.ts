import { Pool } from 'undici';
import { fixedRate, type LatencyResult } from './fixed-rate';
import { nowMs, type RouteStats, type StampedPayload, type SubscriberStats } from './pubsub-subscriber';

/** How long one control call to the subscriber app may take. */
const StatsTimeoutMs = 5_000;
/** A backlog that stops shrinking for this long is counted as lost. */
const StallMs = 3_000;

const Pad = 'y'.repeat(1000);

/**
 * Open-loop publisher: POSTs a fresh ~1 KB JSON payload stamped with its send time at `rate` per
 * second for `seconds`. The stamp is taken right before the request is handed to the pool, so the
 * subscriber's receive-minus-send covers the whole path. Returns the publish calls' own latencies.
 */
export async function stampedFixedRate(options: { origin: string; path: string; rate: number; connections: number; seconds: number }): Promise<LatencyResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  let seq = 0;
  try {
    return await fixedRate(options.rate, options.seconds, async () => {
      const payload: StampedPayload = { sentAt: nowMs(), seq: seq++, pad: Pad };
      const res = await pool.request({ method: 'POST', path: options.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      await res.body.arrayBuffer();
      if (res.statusCode >= 300) throw new Error(`status ${res.statusCode}`);
    });
  } finally {
    await pool.close();
  }
}

/** Reads and clears the counters of the subscriber app started by the `subscriber` role. */
export class SubscriberClient {
  private readonly origin: string;

  constructor(port: number) {
    this.origin = `http://127.0.0.1:${port}`;
  }

  async stats(route: string): Promise<RouteStats> {
    const res = await fetch(`${this.origin}/stats`, { signal: AbortSignal.timeout(StatsTimeoutMs) });
    if (res.status !== 200) throw new Error(`subscriber /stats answered ${res.status}`);
    const all = (await res.json()) as SubscriberStats;
    return all[route] ?? { received: 0, unique: 0, requests: 0, samples: [] };
  }

  async reset(): Promise<void> {
    const res = await fetch(`${this.origin}/stats`, { method: 'DELETE', signal: AbortSignal.timeout(StatsTimeoutMs) });
    if (res.status !== 204) throw new Error(`subscriber DELETE /stats answered ${res.status}`);
  }

  /**
   * Waits until `route` saw `expected` distinct messages, or its count stopped growing for a few
   * seconds, or `maxMs` passed; then returns what it saw. Bounded, so a broker that loses messages
   * yields a loss figure instead of a hung bench.
   */
  async drain(route: string, expected: number, maxMs: number): Promise<RouteStats> {
    const deadline = Date.now() + maxMs;
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const s = await this.stats(route);
      if (s.unique >= expected || Date.now() > deadline) return s;
      if (s.unique !== last) [last, lastChange] = [s.unique, Date.now()];
      else if (Date.now() - lastChange > StallMs) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Publishes one probe event through `publishUrl` until `route` receives it: daprd subscribes some
   * time after its app answers, and events published before that have no subscriber to reach.
   */
  async waitForSubscription(publishUrl: string, route: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await fetch(publishUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"probe":true}', signal: AbortSignal.timeout(StatsTimeoutMs) }).catch(() => undefined);
      const until = Date.now() + 500;
      while (Date.now() < until) {
        if ((await this.stats(route)).received > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    throw new Error(`no event reached the subscriber on ${route} within ${timeoutMs} ms`);
  }
}
