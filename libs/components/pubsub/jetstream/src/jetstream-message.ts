import type { Message } from '@dapr-ts/components-pubsub';
import { headers, type JsMsg, type MsgHdrs } from 'nats';

/** Header carrying the publish request's content type. */
const ContentTypeHeader = 'Content-Type';
/** Headers JetStream sets itself (`Nats-Msg-Id`, `Nats-Expected-Stream`...): not the publisher's metadata. */
const NatsHeaderPrefix = 'nats-';
/** Message metadata naming the subject the message was published to, as Dapr's component sets it. */
const TopicKey = 'Topic';

/**
 * Headers of a published message: its content type and the request metadata, one header each,
 * so a subscriber gets both back. Throws (naming the key) on a metadata key NATS cannot carry.
 */
export function publishHeaders(contentType: string | undefined, metadata: Record<string, string>): MsgHdrs | undefined {
  const entries = Object.entries(metadata);
  if (contentType === undefined && entries.length === 0) return undefined;
  const hdrs = headers();
  if (contentType !== undefined) hdrs.set(ContentTypeHeader, contentType);
  for (const [key, value] of entries) {
    try {
      hdrs.set(key, value);
    } catch (err) {
      throw new Error(`pubsub.jetstream: metadata key "${key}" cannot travel as a NATS header: ${(err as Error).message}`, { cause: err });
    }
  }
  return hdrs;
}

/**
 * The CloudEvent `id` of a payload, used as `Nats-Msg-Id` so JetStream drops a re-sent duplicate
 * within the stream's duplicate window (as Dapr does). Undefined for payloads that are not a
 * CloudEvent JSON object.
 */
export function cloudEventId(data: Uint8Array): string | undefined {
  // Cheap test first: only JSON objects can be CloudEvents.
  let first = 0;
  while (first < data.length && (data[first] === 0x20 || data[first] === 0x0a || data[first] === 0x0d || data[first] === 0x09)) first++;
  if (data[first] !== 0x7b) return undefined;
  try {
    const event = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as unknown;
    if (typeof event !== 'object' || event === null) return undefined;
    const { id, specversion } = event as { id?: unknown; specversion?: unknown };
    return typeof id === 'string' && id !== '' && typeof specversion === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The contract's view of a delivery: payload, content type, the other publisher headers plus `Topic` as metadata. */
export function toMessage(topic: string, delivery: JsMsg): Message {
  const metadata: Record<string, string> = {};
  let contentType: string | undefined;
  for (const key of delivery.headers?.keys() ?? []) {
    const value = delivery.headers?.get(key) ?? '';
    if (key.toLowerCase() === ContentTypeHeader.toLowerCase()) contentType = value;
    else if (!key.toLowerCase().startsWith(NatsHeaderPrefix)) metadata[key] = value;
  }
  metadata[TopicKey] = delivery.subject;
  return { topic, data: delivery.data, ...(contentType === undefined ? {} : { contentType }), metadata };
}
