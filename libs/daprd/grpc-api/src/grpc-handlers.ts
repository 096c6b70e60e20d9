import type { Metadata, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { tokensEqual } from '@dapr-ts/daprd-http-api';
import { toServiceError, unauthenticated } from './grpc-errors';

/** Checks `dapr-api-token` in call metadata when a token is configured. */
export function authorizer(token: string | undefined): (metadata: Metadata) => boolean {
  if (!token) return () => true;
  return (metadata) => {
    const given = metadata.get('dapr-api-token')[0];
    return typeof given === 'string' && tokensEqual(given, token);
  };
}

/** Wraps an async unary implementation: token check, then errors through the funnel. */
export function unary<Req, Res>(
  authorized: (metadata: Metadata) => boolean,
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    if (!authorized(call.metadata)) {
      callback(unauthenticated());
      return;
    }
    fn(call.request, call).then(
      (response) => callback(null, response),
      (err: unknown) => callback(toServiceError(err)),
    );
  };
}

/** An AbortSignal that fires when the client cancels the call. */
export function callSignal(call: { on(event: 'cancelled', listener: () => void): unknown }): AbortSignal {
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort());
  return controller.signal;
}
