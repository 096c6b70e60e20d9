import { types, type CustomTypesConfig } from 'pg';

/** pg's type OID of `int8` (bigint), which pg hands over as a string. */
const Int8Oid = 20;

/**
 * Type parsers for query results: `bigint` becomes a number when it fits exactly, as pgx's int64
 * does in Dapr's JSON, and stays a string beyond 2^53 rather than losing digits.
 */
export const QueryTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === Int8Oid && format !== 'binary') {
      return (text: string) => {
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : text;
      };
    }
    return format === undefined ? types.getTypeParser(oid) : types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/**
 * One row's values ready for JSON as Go's encoding/json writes them in Dapr: byte arrays as
 * Base64 strings, times as RFC 3339 strings; everything else as pg parsed it.
 */
export function rowValues(row: unknown[]): unknown[] {
  return row.map((value) => (Buffer.isBuffer(value) ? value.toString('base64') : value));
}
