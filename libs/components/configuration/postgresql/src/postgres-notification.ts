import { deletedItem, type ConfigurationItem } from '@dapr-ts/components-configuration';

/** A configuration change announced by the table's trigger. */
export interface PostgresChange {
  key: string;
  item: ConfigurationItem;
}

/**
 * Reads the payload of the trigger Dapr's docs have users create: `{"table": TG_TABLE_NAME,
 * "action": TG_OP, "data": row_to_json(row)}`, `data` holding the row's key, value, version and
 * metadata (any case). Returns undefined for anything else, or for another table's change when
 * one trigger function serves several tables on one channel. A DELETE reports the key as deleted.
 */
export function parsePostgresNotification(payload: string, table: string): PostgresChange | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !isObject(parsed['data'])) return undefined;
  const ownTable = table.slice(table.lastIndexOf('.') + 1);
  if (typeof parsed['table'] === 'string' && parsed['table'] !== ownTable) return undefined;
  const row = Object.fromEntries(Object.entries(parsed['data']).map(([column, value]) => [column.toLowerCase(), value]));
  if (row['key'] === undefined || row['key'] === null) return undefined;
  const key = text(row['key']);
  if (String(parsed['action']).toUpperCase() === 'DELETE') return { key, item: deletedItem() };
  return { key, item: { value: text(row['value']), version: text(row['version']), metadata: metadataOf(row['metadata']) } };
}

/** The METADATA column as string pairs: JSON values that are not strings keep their JSON text. */
export function metadataOf(column: unknown): Record<string, string> {
  let value = column;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]));
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
