import { decodeEntry, decodeReadReply, entryFields } from './stream-entry';

describe('entryFields()', () => {
  it('writes data, then contentType and metadata only when present', () => {
    expect(entryFields(Buffer.from('x'), 'text/plain', { a: '1' })).toEqual(['data', Buffer.from('x'), 'contentType', 'text/plain', 'metadata', '{"a":"1"}']);
    expect(entryFields(new Uint8Array([1, 2]), undefined, {})).toEqual(['data', Buffer.from([1, 2])]);
  });
});

describe('decodeEntry()', () => {
  const b = (text: string): Buffer => Buffer.from(text);

  it('reads a full entry back', () => {
    expect(decodeEntry('t', [b('1-0'), [b('data'), Buffer.from([0, 255]), b('contentType'), b('a/b'), b('metadata'), b('{"k":"v","n":1}')]])).toEqual({
      id: '1-0',
      message: { topic: 't', data: Buffer.from([0, 255]), contentType: 'a/b', metadata: { k: 'v' } },
    });
  });

  it('tolerates a foreign entry without data and with broken metadata', () => {
    expect(decodeEntry('t', [b('2-0'), [b('other'), b('x'), b('metadata'), b('{oops')]])).toEqual({ id: '2-0', message: { topic: 't', data: Buffer.alloc(0), metadata: {} } });
  });

  it('skips an entry deleted while pending', () => {
    expect(decodeEntry('t', [b('3-0'), null])).toBeUndefined();
  });
});

describe('decodeReadReply()', () => {
  it('flattens the per-stream reply and maps a timeout (null) to no entries', () => {
    const reply = [[Buffer.from('t'), [[Buffer.from('1-0'), [Buffer.from('data'), Buffer.from('a')]]]]];
    expect([decodeReadReply('t', reply).map((entry) => entry.id), decodeReadReply('t', null)]).toEqual([['1-0'], []]);
  });
});
