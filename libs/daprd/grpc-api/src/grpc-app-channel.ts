import { status as GrpcStatus } from '@grpc/grpc-js';
import { commonV1 } from '@dapr-ts/proto';
import { ConcurrencyLimiter, waitForPort, type AppChannel, type InvocationRequest, type InvocationResponse } from '@dapr-ts/daprd-invocation';
import { H2SessionPool } from './h2/h2-session-pool';
import { H2UnaryClient, type UnaryResult } from './h2/h2-unary-client';
import { verbNumber } from './invoke-conversion';

const OnInvokePath = '/dapr.proto.runtime.v1.AppCallback/OnInvoke';

export interface GrpcAppChannelOptions {
  host: string;
  port: number;
  tls: boolean;
  maxConcurrency: number;
  appApiToken: string | undefined;
  maxMessageSize: number;
}

/** Calls a gRPC app through `AppCallback.OnInvoke`, on the lean HTTP/2 unary client. */
export class GrpcAppChannel implements AppChannel {
  readonly protocol = 'grpc' as const;
  private readonly options: GrpcAppChannelOptions;
  private readonly sessions: H2SessionPool;
  private readonly client: H2UnaryClient;
  private readonly limiter: ConcurrencyLimiter;

  constructor(options: GrpcAppChannelOptions) {
    this.options = options;
    this.sessions = new H2SessionPool({ tls: options.tls });
    this.client = new H2UnaryClient(this.sessions, options.maxMessageSize);
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency);
  }

  /** `host:port` of the app, for gRPC proxying. */
  get address(): string {
    return `${this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host}:${this.options.port}`;
  }

  invoke(request: InvocationRequest, signal: AbortSignal): Promise<InvocationResponse> {
    return this.limiter.run(async () => {
      const metadata: Record<string, string> = {};
      for (const [name, values] of Object.entries(request.headers)) metadata[name] = values.join(', ');
      if (this.options.appApiToken) metadata['dapr-api-token'] = this.options.appApiToken;
      const message: commonV1.InvokeRequest = {
        method: request.method,
        data: { typeUrl: request.dataTypeUrl ?? '', value: request.data },
        contentType: request.contentType,
        httpExtension: { verb: verbNumber(request.verb), querystring: request.query },
      };
      const result = await this.client.call(this.address, OnInvokePath, Buffer.from(commonV1.InvokeRequest.encode(message).finish()), metadata, signal);
      if (result.code === GrpcStatus.UNAVAILABLE) throw new Error(`app unavailable: ${result.details}`);
      if (result.code !== GrpcStatus.OK) return { status: result.code, message: result.details, headers: {}, contentType: '', data: Buffer.alloc(0) };
      const response = result.message ? commonV1.InvokeResponse.decode(result.message) : undefined;
      return {
        status: GrpcStatus.OK,
        headers: {},
        contentType: response?.contentType ?? '',
        data: response?.data?.value ? Buffer.from(response.data.value) : Buffer.alloc(0),
        dataTypeUrl: response?.data?.typeUrl ?? '',
      };
    });
  }

  /**
   * One unary call of another AppCallback method (topic and binding events), under the same
   * concurrency limit as invocations. Non-OK statuses come back in the result.
   */
  unary(path: string, request: Buffer, signal: AbortSignal): Promise<UnaryResult> {
    return this.limiter.run(() => {
      const metadata: Record<string, string> = this.options.appApiToken ? { 'dapr-api-token': this.options.appApiToken } : {};
      return this.client.call(this.address, path, request, metadata, signal);
    });
  }

  waitUntilReachable(signal: AbortSignal): Promise<void> {
    return waitForPort(this.options.host, this.options.port, signal);
  }

  async close(): Promise<void> {
    this.sessions.close();
  }
}
