import type { Message } from '@dapr-ts/components-pubsub';

/**
 * Field names of a stream entry. `data` is what Dapr's pubsub.redis writes and reads, so entries
 * interoperate with Go sidecars both ways; `contentType` and `metadata` (a JSON object of strings)
 * are our additions, written only when present and ignored by Dapr.
 */
export const EntryField = {
  Data: 'data',
  ContentType: 'contentType',
  Metadata: 'metadata',
} as const;

/** One stream entry read back from Redis, with its id. */
export interface StreamEntry {
  id: string;
  message: Message;
}

/** The field/value list XADD takes after the id, for one message. */
export function entryFields(data: Uint8Array, contentType: string | undefined, metadata: Record<string, string>): (string | Buffer)[] {
  const fields: (string | Buffer)[] = [EntryField.Data, Buffer.from(data.buffer, data.byteOffset, data.byteLength)];
  if (contentType !== undefined) fields.push(EntryField.ContentType, contentType);
  if (Object.keys(metadata).length > 0) fields.push(EntryField.Metadata, JSON.stringify(metadata));
  return fields;
}

/**
 * Decodes one `[id, [field, value, …]]` reply item (read with callBuffer, so values are Buffers).
 * Returns undefined for an entry deleted while pending (`[id, null]`). A missing `data` field gives
 * an empty payload and unparsable `metadata` is dropped, as an entry written by another tool may have either.
 */
export function decodeEntry(topic: string, raw: unknown): StreamEntry | undefined {
  if (!Array.isArray(raw) || raw.length < 2) return undefined;
  const [rawId, rawFields] = raw as [unknown, unknown];
  if (!Array.isArray(rawFields)) return undefined;
  const fields = new Map<string, Buffer>();
  for (let i = 0; i + 1 < rawFields.length; i += 2) fields.set(String(rawFields[i]), toBuffer(rawFields[i + 1]));
  const contentType = fields.get(EntryField.ContentType)?.toString('utf8');
  return {
    id: String(rawId),
    message: {
      topic,
      data: fields.get(EntryField.Data) ?? Buffer.alloc(0),
      ...(contentType === undefined ? {} : { contentType }),
      metadata: parseMetadata(fields.get(EntryField.Metadata)),
    },
  };
}

/** Decodes an XREADGROUP reply (`[[stream, [entry…]]]` or null) into the entries of `topic`. */
export function decodeReadReply(topic: string, reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const stream of reply as unknown[]) {
    if (!Array.isArray(stream) || !Array.isArray(stream[1])) continue;
    for (const raw of stream[1] as unknown[]) {
      const entry = decodeEntry(topic, raw);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(value === null || value === undefined ? '' : String(value), 'utf8');
}

function parseMetadata(raw: Buffer | undefined): Record<string, string> {
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
  } catch {
    return {};
  }
}
