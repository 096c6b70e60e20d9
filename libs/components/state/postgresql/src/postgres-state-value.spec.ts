import { compactJsonb, decodeStateValue, encodeStateValue, jsonbRendering } from './postgres-state-value';

describe('encodeStateValue()', () => {
  it('offers compact JSON as jsonb, with the rendering Postgres must print back', () => {
    expect(encodeStateValue(Buffer.from('{"a":[1,"x, y: z"],"b":null}'))).toEqual({
      json: '{"a":[1,"x, y: z"],"b":null}',
      rendering: '{"a": [1, "x, y: z"], "b": null}',
      base64: Buffer.from('{"a":[1,"x, y: z"],"b":null}').toString('base64'),
    });
  });

  it.each([
    ['not JSON', Buffer.from('hello')],
    ['empty', Buffer.alloc(0)],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0x22])],
    ['whitespace between tokens', Buffer.from('{"a": 1}')],
    ['a \\u escape', Buffer.from('"\\u0000"')],
    ['an exponent', Buffer.from('[1.5E400]')],
  ])('keeps %s binary only', (_, value) => {
    expect(encodeStateValue(value)).toEqual({ json: null, rendering: null, base64: value.toString('base64') });
  });

  it('treats true, false and e inside strings as JSON, not exponents', () => {
    expect(encodeStateValue(Buffer.from('[true,false,"1e5"]')).json).toBe('[true,false,"1e5"]');
  });
});

describe('decodeStateValue()', () => {
  it('compacts jsonb text, keeping whitespace and escaped quotes inside strings', () => {
    expect(decodeStateValue('{"a": "x \\" , y", "b": [1, 2]}', false).toString()).toBe('{"a":"x \\" , y","b":[1,2]}');
  });

  it('decodes a binary row’s base64 string', () => {
    expect(decodeStateValue('"AP8Q"', true)).toEqual(Buffer.from([0x00, 0xff, 0x10]));
  });

  it('throws when a binary row does not hold a string', () => {
    expect(() => decodeStateValue('{"a": 1}', true)).toThrow('state.postgresql: a row marked isbinary does not hold a base64 string');
  });
});

describe('jsonbRendering() and compactJsonb()', () => {
  it('are inverses for compact JSON', () => {
    const compact = '{"k":"v: w, x","n":[{},[],-1.50]}';
    expect(compactJsonb(jsonbRendering(compact))).toBe(compact);
  });
});
