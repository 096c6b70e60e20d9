import { decodeStateValue } from '@dapr-ts/components-state';
import { mysqlValueFormat } from './mysql-state-value';

describe('mysqlValueFormat()', () => {
  it('returns MariaDB text unchanged', () => {
    expect(decodeStateValue('{"a": 1,  "b":2}', false, mysqlValueFormat('mariadb')).toString()).toBe('{"a": 1,  "b":2}');
  });

  it('compacts MySQL’s rendering, keeping whitespace and escaped quotes inside strings', () => {
    expect(decodeStateValue('{"a": "x \\" , y", "b": [1, 2]}', false, mysqlValueFormat('mysql')).toString()).toBe('{"a":"x \\" , y","b":[1,2]}');
  });

  it('decodes a binary row’s base64 JSON string on both servers', () => {
    expect(decodeStateValue('"AP8Q"', true, mysqlValueFormat('mariadb'))).toEqual(Buffer.from([0x00, 0xff, 0x10]));
    expect(decodeStateValue('"AP8Q"', true, mysqlValueFormat('mysql'))).toEqual(Buffer.from([0x00, 0xff, 0x10]));
  });

  it('names state.mysql when a binary row does not hold a string', () => {
    expect(() => decodeStateValue('{"a": 1}', true, mysqlValueFormat('mysql'))).toThrow('state.mysql: a row marked isbinary does not hold a base64 string');
  });
});
