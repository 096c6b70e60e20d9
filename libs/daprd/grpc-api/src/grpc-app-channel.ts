import { Metadata, credentials, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { type commonV1, runtimeV1 } from '@dapr-ts/proto';
import { ConcurrencyLimiter, waitForPort, type AppChannel, type InvocationRequest, type InvocationResponse } from '@dapr-ts/daprd-invocation';
import { verbNumber } from './invoke-conversion';

export interface GrpcAppChannelOptions {
  host: string;
  port: number;
  tls: boolean;
  maxConcurrency: number;
  appApiToken: string | undefined;
  maxMessageSize: number;
}

/** Calls a gRPC app through `AppCallback.OnInvoke`. */
export class GrpcAppChannel implements AppChannel {
  readonly protocol = 'grpc' as const;
  private readonly client: runtimeV1.AppCallbackClient;
  private readonly limiter: ConcurrencyLimiter;

  private readonly options: GrpcAppChannelOptions;

  constructor(options: GrpcAppChannelOptions) {
    this.options = options;
    const address = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    this.client = new runtimeV1.AppCallbackClient(address, options.tls ? credentials.createSsl() : credentials.createInsecure(), {
      'grpc.max_receive_message_length': options.maxMessageSize,
      'grpc.max_send_message_length': options.maxMessageSize,
    });
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency);
  }

  /** `host:port` of the app, for gRPC proxying. */
  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  invoke(request: InvocationRequest, signal: AbortSignal): Promise<InvocationResponse> {
    return this.limiter.run(
      () =>
        new Promise<InvocationResponse>((resolve, reject) => {
          const metadata = new Metadata();
          for (const [name, values] of Object.entries(request.headers)) for (const v of values) metadata.add(name, v);
          if (this.options.appApiToken) metadata.set('dapr-api-token', this.options.appApiToken);
          const message: commonV1.InvokeRequest = {
            method: request.method,
            data: { typeUrl: request.dataTypeUrl ?? '', value: request.data },
            contentType: request.contentType,
            httpExtension: { verb: verbNumber(request.verb), querystring: request.query },
          };
          const call = this.client.onInvoke(message, metadata, (err: ServiceError | null, response?: commonV1.InvokeResponse) => {
            signal.removeEventListener('abort', cancel);
            if (err) {
              if (err.code === GrpcStatus.UNAVAILABLE) {
                reject(new Error(`app unavailable: ${err.details}`));
                return;
              }
              resolve({ status: err.code, message: err.details, headers: {}, contentType: '', data: Buffer.alloc(0) });
              return;
            }
            resolve({
              status: GrpcStatus.OK,
              headers: {},
              contentType: response?.contentType ?? '',
              data: response?.data?.value ? Buffer.from(response.data.value) : Buffer.alloc(0),
              dataTypeUrl: response?.data?.typeUrl ?? '',
            });
          });
          const cancel = (): void => call.cancel();
          signal.addEventListener('abort', cancel, { once: true });
        }),
    );
  }

  waitUntilReachable(signal: AbortSignal): Promise<void> {
    return waitForPort(this.options.host, this.options.port, signal);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
