import { constants } from 'node:http2';
import { decodeGrpcMessage, frame, FrameDecoder } from './grpc-frame';
import type { H2SessionPool } from './h2-session-pool';

export interface UnaryResult {
  /** gRPC status code; 14 (Unavailable) when the peer could not be reached. */
  code: number;
  details: string;
  message: Buffer | undefined;
}

/**
 * A minimal gRPC unary client on node:http2, for the sidecar-to-sidecar hop: a fraction of
 * grpc-js's per-call cost (no interceptor stack, channelz or filters), same wire format.
 */
export class H2UnaryClient {
  private readonly sessions: H2SessionPool;
  private readonly maxMessageSize: number;

  constructor(sessions: H2SessionPool, maxMessageSize: number) {
    this.sessions = sessions;
    this.maxMessageSize = maxMessageSize;
  }

  call(address: string, path: string, request: Buffer, metadata: Record<string, string>, signal: AbortSignal): Promise<UnaryResult> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: UnaryResult): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', cancel);
        resolve(result);
      };
      let stream;
      try {
        stream = this.sessions.get(address).request({
          [constants.HTTP2_HEADER_METHOD]: 'POST',
          [constants.HTTP2_HEADER_PATH]: path,
          [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
          te: 'trailers',
          ...metadata,
        });
      } catch (err) {
        finish({ code: 14, details: `cannot reach ${address}: ${(err as Error).message}`, message: undefined });
        return;
      }
      const cancel = (): void => {
        stream.close(constants.NGHTTP2_CANCEL);
        finish({ code: 1, details: 'call cancelled', message: undefined });
      };
      signal.addEventListener('abort', cancel, { once: true });
      const decoder = new FrameDecoder(this.maxMessageSize);
      let message: Buffer | undefined;
      let status: { code: number; details: string } | undefined;
      const readStatus = (headers: Record<string, string | string[] | undefined>): void => {
        const code = headers['grpc-status'];
        if (code !== undefined) status = { code: Number(code), details: decodeGrpcMessage(headers['grpc-message'] as string | undefined) };
      };
      stream.on('response', readStatus);
      stream.on('trailers', readStatus);
      stream.on('data', (chunk: Buffer) => {
        try {
          for (const m of decoder.push(chunk)) message = m;
        } catch (err) {
          stream.close(constants.NGHTTP2_CANCEL);
          finish({ code: 8, details: (err as Error).message, message: undefined });
        }
      });
      let answered = false;
      stream.on('response', () => (answered = true));
      // No response headers at all: the peer went away (killed, restarted) before answering, which
      // callers treat as Unavailable and may retry elsewhere; headers without a status are a bug.
      stream.on('end', () => finish(status ? { ...status, message } : answered ? { code: 13, details: 'response ended without a gRPC status', message: undefined } : { code: 14, details: `${address} closed the stream without answering`, message: undefined }));
      stream.on('error', (err: Error) => finish({ code: 14, details: `connection to ${address} failed: ${err.message}`, message: undefined }));
      stream.on('close', () => finish(status ? { ...status, message } : { code: 14, details: `stream to ${address} closed (code ${stream.rstCode})`, message: undefined }));
      stream.end(frame(request));
    });
  }
}
