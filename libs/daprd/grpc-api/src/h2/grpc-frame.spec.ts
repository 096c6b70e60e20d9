import { decodeGrpcMessage, encodeGrpcMessage, frame, FrameDecoder, FrameError } from './grpc-frame';

/** The error `work` throws, or undefined. */
function thrown(work: () => unknown): unknown {
  try {
    work();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('frame()', () => {
  it('prefixes the message with a zero compressed flag and its big-endian length', () => {
    expect(frame(Buffer.from('abc'))).toEqual(Buffer.from([0, 0, 0, 0, 3, 0x61, 0x62, 0x63]));
  });

  it('frames an empty message as five header bytes', () => {
    expect(frame(Buffer.alloc(0))).toEqual(Buffer.from([0, 0, 0, 0, 0]));
  });

  it('writes lengths above 255 across the length bytes', () => {
    expect(frame(Buffer.alloc(300)).subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 1, 44]));
  });
});

describe('FrameDecoder', () => {
  describe('.push()', () => {
    it('returns a message split across chunks once its last byte arrives', () => {
      const decoder = new FrameDecoder(1024);
      const bytes = frame(Buffer.from('hello'));
      expect(decoder.push(bytes.subarray(0, 3))).toEqual([]);
      expect(decoder.push(bytes.subarray(3, 7))).toEqual([]);
      expect(decoder.empty).toBe(false);
      expect(decoder.push(bytes.subarray(7))).toEqual([Buffer.from('hello')]);
      expect(decoder.empty).toBe(true);
    });

    it('returns several messages held in one chunk, in order', () => {
      const decoder = new FrameDecoder(1024);
      const chunk = Buffer.concat([frame(Buffer.from('one')), frame(Buffer.alloc(0)), frame(Buffer.from('three'))]);
      expect(decoder.push(chunk)).toEqual([Buffer.from('one'), Buffer.alloc(0), Buffer.from('three')]);
      expect(decoder.empty).toBe(true);
    });

    it('keeps the tail of a chunk for the next push', () => {
      const decoder = new FrameDecoder(1024);
      const second = frame(Buffer.from('second'));
      expect(decoder.push(Buffer.concat([frame(Buffer.from('first')), second.subarray(0, 2)]))).toEqual([Buffer.from('first')]);
      expect(decoder.push(second.subarray(2))).toEqual([Buffer.from('second')]);
    });

    it('accepts a message of exactly the maximum size', () => {
      expect(new FrameDecoder(4).push(frame(Buffer.from('abcd')))).toEqual([Buffer.from('abcd')]);
    });

    it('throws a FrameError as soon as a header announces more than the maximum', () => {
      const err = thrown(() => new FrameDecoder(10).push(frame(Buffer.alloc(11)).subarray(0, 5)));
      expect(err).toBeInstanceOf(FrameError);
      expect(err).toMatchObject({ name: 'FrameError', message: 'message of 11 bytes exceeds the maximum of 10' });
    });

    it('throws a FrameError for a compressed message', () => {
      const compressed = frame(Buffer.from('x'));
      compressed[0] = 1;
      expect(thrown(() => new FrameDecoder(10).push(compressed))).toMatchObject({ name: 'FrameError', message: 'compressed gRPC messages are not supported on this connection' });
    });
  });
});

describe('encodeGrpcMessage()', () => {
  it.each([
    ['plain text', 'plain text'],
    ['100% done', '100%25 done'],
    ['a/b: é', 'a%2Fb%3A %C3%A9'],
    ['line\nbreak', 'line%0Abreak'],
  ])('encodes %j as %j', (text, wire) => {
    expect(encodeGrpcMessage(text)).toBe(wire);
  });
});

describe('decodeGrpcMessage()', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    ['100%25 done', '100% done'],
    ['a%2Fb%3A %C3%A9', 'a/b: é'],
    ['bad %E0%A4%A escape', 'bad %E0%A4%A escape'],
  ])('decodes %j as %j', (wire, text) => {
    expect(decodeGrpcMessage(wire)).toBe(text);
  });

  it.each(['state store nope is not found', '50% of "keys" → ✗', 'tab\tand\r\nnewline'])('round-trips %j through encodeGrpcMessage', (text) => {
    expect(decodeGrpcMessage(encodeGrpcMessage(text))).toBe(text);
  });
});
