import { compactJson, decodeStateValue, encodeStateValue, spacedJson, type StoredValueFormat } from './state-value';

/** The three layouts in use: Postgres jsonb, MySQL's JSON type (MariaDB keeps text) and SQLite text. */
const jsonb: StoredValueFormat = { component: 'state.postgresql', binaryAsJsonString: true, compactJson: true };
const mariadb: StoredValueFormat = { component: 'state.mysql', binaryAsJsonString: true, compactJson: false };
const sqlite: StoredValueFormat = { component: 'state.sqlite', binaryAsJsonString: false, compactJson: false };

describe('encodeStateValue()', () => {
  it('offers compact JSON as JSON, with the rendering a re-rendering server must print back', () => {
    expect(encodeStateValue(Buffer.from('{"a":[1,"x, y: z"],"b":null}'))).toEqual({
      json: '{"a":[1,"x, y: z"],"b":null}',
      spacedRendering: '{"a": [1, "x, y: z"], "b": null}',
      base64: Buffer.from('{"a":[1,"x, y: z"],"b":null}').toString('base64'),
    });
  });

  it.each([
    ['whitespace between tokens', '{"a": 1}'],
    ['a \\u escape', '"caf\\u00e9"'],
    ['a \\u0000 escape', '"\\u0000"'],
    ['an exponent', '[1.5E400]'],
  ])('offers JSON with %s as text only, without a rendering (jsonb and MySQL would rewrite it)', (_, text) => {
    expect(encodeStateValue(Buffer.from(text))).toEqual({ json: text, spacedRendering: null, base64: Buffer.from(text).toString('base64') });
  });

  it.each([
    ['not JSON', Buffer.from('hello')],
    ['empty', Buffer.alloc(0)],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0x22])],
  ])('keeps %s binary only', (_, value) => {
    expect(encodeStateValue(value)).toEqual({ json: null, spacedRendering: null, base64: value.toString('base64') });
  });

  it('treats true, false and e inside strings as JSON, not exponents', () => {
    expect(encodeStateValue(Buffer.from('[true,false,"1e5"]')).spacedRendering).toBe('[true, false, "1e5"]');
  });
});

describe('decodeStateValue()', () => {
  it('compacts re-rendered JSON, keeping whitespace and escaped quotes inside strings', () => {
    expect(decodeStateValue('{"a": "x \\" , y", "b": [1, 2]}', false, jsonb).toString()).toBe('{"a":"x \\" , y","b":[1,2]}');
  });

  it('returns JSON kept as text unchanged', () => {
    expect(decodeStateValue('{"a": 1,  "b":2}', false, mariadb).toString()).toBe('{"a": 1,  "b":2}');
    expect(decodeStateValue('{"a": 1,  "b":2}', false, sqlite).toString()).toBe('{"a": 1,  "b":2}');
  });

  it('decodes a binary row’s base64, as a JSON string or as bare text', () => {
    expect(decodeStateValue('"AP8Q"', true, jsonb)).toEqual(Buffer.from([0x00, 0xff, 0x10]));
    expect(decodeStateValue('AP8Q', true, sqlite)).toEqual(Buffer.from([0x00, 0xff, 0x10]));
  });

  it('throws naming the store when a binary row does not hold a JSON string', () => {
    expect(() => decodeStateValue('{"a": 1}', true, mariadb)).toThrow('state.mysql: a row marked isbinary does not hold a base64 string');
  });

  it('gives back exactly what was encoded, in every layout', () => {
    const value = Buffer.from('{"k":"v: w, x","n":[{},[],-1.50]}');
    const encoded = encodeStateValue(value);
    expect(decodeStateValue(encoded.spacedRendering ?? '', false, jsonb)).toEqual(value);
    expect(decodeStateValue(encoded.json ?? '', false, mariadb)).toEqual(value);
    expect(decodeStateValue(JSON.stringify(encoded.base64), true, jsonb)).toEqual(value);
    expect(decodeStateValue(encoded.base64, true, sqlite)).toEqual(value);
  });
});

describe('spacedJson() and compactJson()', () => {
  it('are inverses for compact JSON', () => {
    const compact = '{"k":"v: w, x","n":[{},[],-1.50]}';
    expect(compactJson(spacedJson(compact))).toBe(compact);
  });
});
