/**
 * gRPC's length-prefixed message framing (1 byte compressed flag, 4 bytes big-endian length,
 * payload), for the lean HTTP/2 paths that bypass grpc-js. Compression is not used there.
 */
export function frame(message: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  message.copy(out, 5);
  return out;
}

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** Collects DATA chunks and returns the complete messages they hold. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  private readonly maxMessageSize: number;

  constructor(maxMessageSize: number) {
    this.maxMessageSize = maxMessageSize;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= 5) {
      if (this.buffered[0] !== 0) throw new FrameError('compressed gRPC messages are not supported on this connection');
      const length = this.buffered.readUInt32BE(1);
      if (length > this.maxMessageSize) throw new FrameError(`message of ${length} bytes exceeds the maximum of ${this.maxMessageSize}`);
      if (this.buffered.length < 5 + length) break;
      messages.push(this.buffered.subarray(5, 5 + length));
      this.buffered = this.buffered.subarray(5 + length);
    }
    return messages;
  }

  /** True when no partial message is pending. */
  get empty(): boolean {
    return this.buffered.length === 0;
  }
}

/** grpc-message is percent-encoded on the wire. */
export function encodeGrpcMessage(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, ' ');
}

export function decodeGrpcMessage(text: string | undefined): string {
  if (!text) return '';
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
