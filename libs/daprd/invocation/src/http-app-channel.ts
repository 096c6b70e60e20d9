import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header';
import { ConcurrencyLimiter, type AppChannel } from './app-channel';
import type { HeaderMap, InvocationRequest, InvocationResponse } from './invocation-types';
import { waitForPort } from './wait-for-port';

export interface HttpAppChannelOptions {
  host: string;
  port: number;
  tls: boolean;
  maxConcurrency: number;
  /** `APP_API_TOKEN`, sent as `dapr-api-token`. */
  appApiToken: string | undefined;
}

/** Calls an HTTP app through a keep-alive connection pool (undici). */
export class HttpAppChannel implements AppChannel {
  readonly protocol = 'http' as const;
  private readonly pool: Pool;
  private readonly limiter: ConcurrencyLimiter;

  private readonly options: HttpAppChannelOptions;

  constructor(options: HttpAppChannelOptions) {
    this.options = options;
    const origin = `${options.tls ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    this.pool = new Pool(origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000, ...(options.tls ? { connect: { rejectUnauthorized: false } } : {}) });
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency);
  }

  invoke(request: InvocationRequest, signal: AbortSignal): Promise<InvocationResponse> {
    return this.limiter.run(async () => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, values] of Object.entries(request.headers)) headers[name] = values.length === 1 ? (values[0] as string) : values;
      if (request.contentType) headers['content-type'] = request.contentType;
      if (this.options.appApiToken) headers['dapr-api-token'] = this.options.appApiToken;
      const method = request.verb.toUpperCase();
      const hasBody = request.data.length > 0 || !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method);
      const path = `/${request.method}${request.query ? `?${request.query}` : ''}`;
      const response = await this.pool.request({ method: method as 'GET', path, headers, body: hasBody ? request.data : null, signal });
      const data = Buffer.from(await response.body.arrayBuffer());
      const responseHeaders = fromUndiciHeaders(response.headers);
      const contentType = responseHeaders['content-type']?.[0] ?? '';
      return { status: response.statusCode, headers: responseHeaders, contentType, data };
    });
  }

  waitUntilReachable(signal: AbortSignal): Promise<void> {
    return waitForPort(this.options.host, this.options.port, signal);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function fromUndiciHeaders(headers: IncomingHttpHeaders): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return out;
}
