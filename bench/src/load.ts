import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  rps: number;
  errors: number;
  non2xx: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  connections: number;
  durationSec: number;
  /** Requests per second over all connections; omitted = as fast as possible. */
  rate?: number;
}

/** Runs autocannon against one URL for a bounded time. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.durationSec,
    ...(options.rate ? { overallRate: options.rate } : {}),
    ...(options.body ? { body: options.body, headers: { 'content-type': 'application/json' } } : {}),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
  };
}
