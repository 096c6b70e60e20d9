import { Pool } from 'undici';

export interface LatencyResult {
  sent: number;
  ok: number;
  errors: number;
  achievedRps: number;
  p50: number;
  p90: number;
  p99: number;
}

/** Exact percentile (ms) of sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function summarize(samples: number[], sent: number, errors: number, seconds: number): LatencyResult {
  const sorted = [...samples].sort((a, b) => a - b);
  return { sent, ok: samples.length, errors, achievedRps: samples.length / seconds, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

/**
 * An open-loop load generator: sends `rate` requests per second over `connections` keep-alive
 * connections for `seconds`, timing each with hrtime to the microsecond (autocannon's histogram
 * rounds to whole milliseconds, too coarse for sidecar overheads under a millisecond).
 */
export async function fixedRateHttp(options: { origin: string; path: string; method: 'GET' | 'POST'; body?: Buffer; rate: number; connections: number; seconds: number }): Promise<LatencyResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const result = await fixedRate(options.rate, options.seconds, async () => {
    const res = await pool.request({ method: options.method, path: options.path, headers: { 'content-type': 'application/json' }, body: options.body ?? null });
    await res.body.arrayBuffer();
    if (res.statusCode >= 300) throw new Error(`status ${res.statusCode}`);
  });
  await pool.close();
  return result;
}

/** Calls `send` at a fixed rate; records latencies of successful calls. */
export async function fixedRate(rate: number, seconds: number, send: () => Promise<void>): Promise<LatencyResult> {
  const samples: number[] = [];
  let sent = 0;
  let errors = 0;
  const inflight = new Set<Promise<void>>();
  const start = process.hrtime.bigint();
  const total = rate * seconds;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      const due = Math.min(total, Math.floor(elapsed * rate));
      while (sent < due) {
        sent++;
        const t0 = process.hrtime.bigint();
        const p = send().then(
          () => void samples.push(Number(process.hrtime.bigint() - t0) / 1e6),
          () => void errors++,
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(inflight);
  return summarize(samples, sent, errors, seconds);
}
