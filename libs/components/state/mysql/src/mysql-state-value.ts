import type { StoredValueFormat } from '@dapr-ts/components-state';

/**
 * Which server the store talks to. The state layout keeps JSON values in a `JSON` column, and the
 * two servers treat that column differently: MariaDB's JSON is LONGTEXT with a `JSON_VALID` check
 * and returns the text byte for byte; MySQL's is a binary document, printed back normalised
 * (`{"a": 1}`, keys sorted, escapes rewritten).
 */
export type MySqlFlavor = 'mariadb' | 'mysql';

/**
 * How `state.mysql` values read back: binary ones are base64 JSON strings on both servers; JSON
 * comes back as written from MariaDB and spaced from MySQL (which only keeps JSON it prints back
 * as the spaced rendering, see mysql-state-sql.ts), so MySQL's is compacted again.
 */
export function mysqlValueFormat(flavor: MySqlFlavor): StoredValueFormat {
  return { component: 'state.mysql', binaryAsJsonString: true, compactJson: flavor === 'mysql' };
}
