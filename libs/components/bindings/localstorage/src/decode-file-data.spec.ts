import { decodeFileData } from './decode-file-data';

describe('decodeFileData', () => {
  it.each([
    ['padded Base64', 'aGVsbG8=', Buffer.from('hello')],
    ['unpadded-length Base64 text (a Dapr quirk)', 'test', Buffer.from([0xb5, 0xeb, 0x2d])],
    ['a JSON string literal', '"plain text"', Buffer.from('plain text')],
    ['a JSON string literal with escapes', '"a\\"b\\nc"', Buffer.from('a"b\nc')],
    ['a quoted text that is not JSON', '"a"b"', Buffer.from('"a"b"')],
    ['padding alone', '====', Buffer.from('====')],
    ['Base64 with a wrong length', 'aGVsbG8', Buffer.from('aGVsbG8')],
    ['URL-safe Base64', 'aGk_', Buffer.from('aGk_')],
    ['empty data', '', Buffer.alloc(0)],
  ])('returns the right bytes for %s', (_what, input, expected) => {
    expect(Buffer.from(decodeFileData(Buffer.from(input)))).toEqual(expected);
  });

  it('keeps binary data that is not text', () => {
    const binary = Buffer.from([0, 159, 146, 150]);
    expect(Buffer.from(decodeFileData(binary))).toEqual(binary);
  });
});
