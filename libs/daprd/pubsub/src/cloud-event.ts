import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@dapr-ts/daprd-app-callbacks';
import { isBinaryContentType, isJsonContentType } from './content-type';
import type { TraceContext } from './trace-context';

export const EventSentType = 'com.dapr.event.sent';
export const BulkEventSentType = 'com.dapr.event.sent.bulk';
export const SpecVersion = '1.0';

const brand: unique symbol = Symbol.for('dapr-ts.CloudEventError');

/** The caller's CloudEvent could not be used (not JSON, not an object). */
export class CloudEventError extends Error {
  readonly [brand] = true;
  override readonly name = 'CloudEventError';
}

export function isCloudEventError(value: unknown): value is CloudEventError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}

export interface EnvelopeInput {
  /** Publisher app id: the default `source`. */
  source: string;
  pubsubName: string;
  topic: string;
  data: Uint8Array;
  /** Content type of `data`; Dapr's default for an unnamed one is text/plain. */
  contentType: string;
  trace: TraceContext;
  /** Request metadata: `cloudevent.*` keys override envelope attributes. */
  metadata: Record<string, string>;
  /** Set when the message carries a TTL the broker cannot enforce itself. */
  expiration?: Date;
  now: Date;
}

/**
 * The CloudEvent Dapr wraps a published payload in (contrib pubsub/envelope.go): JSON payloads are
 * embedded as values, binary ones as `data_base64`, text as a string.
 */
export function newCloudEvent(input: EnvelopeInput): CloudEvent {
  const contentType = input.contentType || 'text/plain';
  const event: CloudEvent = {
    id: randomUUID(),
    source: input.source || 'Dapr',
    type: EventSentType,
    specversion: SpecVersion,
    datacontenttype: contentType,
    topic: input.topic,
    pubsubname: input.pubsubName,
    traceid: input.trace.traceparent,
    traceparent: input.trace.traceparent,
    tracestate: input.trace.tracestate,
    time: input.now.toISOString(),
  };
  Object.assign(event, payloadFields(input.data, contentType));
  if (input.expiration) event['expiration'] = input.expiration.toISOString();
  return applyOverrides(event, input.metadata);
}

/**
 * {@link newCloudEvent} as bytes. A JSON payload is spliced in as the text the caller sent (once
 * checked to be JSON) instead of being parsed and serialised again: the publish hot path.
 */
export function encodeNewCloudEvent(input: EnvelopeInput): Buffer {
  const contentType = input.contentType || 'text/plain';
  if (!isJsonContentType(contentType) || input.data.length === 0) return Buffer.from(JSON.stringify(newCloudEvent(input)));
  const text = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength).toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    return Buffer.from(JSON.stringify(newCloudEvent(input)));
  }
  const head = JSON.stringify(newCloudEvent({ ...input, data: new Uint8Array(0) }));
  return Buffer.from(`${head.slice(0, -1)},"data":${text.trim()}}`);
}

/**
 * Completes a CloudEvent the caller built itself (`application/cloudevents+json`): its own
 * attributes stay, missing required ones are filled in, and the routing attributes (topic,
 * pubsubname, trace) are Dapr's.
 */
export function completeCloudEvent(body: Uint8Array, input: Omit<EnvelopeInput, 'data' | 'contentType'>): CloudEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (err) {
    throw new CloudEventError(`the body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CloudEventError('a CloudEvent must be a JSON object');
  const event = parsed as CloudEvent;
  event['id'] ??= randomUUID();
  event['source'] ??= input.source || 'Dapr';
  event['type'] ??= EventSentType;
  event['specversion'] ??= SpecVersion;
  if (event['data'] !== undefined && event['datacontenttype'] === undefined) event['datacontenttype'] = 'application/json';
  event['time'] ??= input.now.toISOString();
  event['topic'] = input.topic;
  event['pubsubname'] = input.pubsubName;
  event['traceid'] = input.trace.traceparent;
  event['traceparent'] = input.trace.traceparent;
  event['tracestate'] = input.trace.tracestate;
  if (input.expiration) event['expiration'] = input.expiration.toISOString();
  return applyOverrides(event, input.metadata);
}

function payloadFields(data: Uint8Array, contentType: string): CloudEvent {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (isBinaryContentType(contentType)) return { data_base64: buffer.toString('base64') };
  const text = buffer.toString('utf8');
  if (isJsonContentType(contentType)) {
    if (text.length === 0) return {};
    try {
      return { data: JSON.parse(text) as unknown };
    } catch {
      return { data: text };
    }
  }
  return { data: text };
}

/** `metadata.cloudevent.<attr>` overrides (Dapr 1.14+). */
function applyOverrides(event: CloudEvent, metadata: Record<string, string>): CloudEvent {
  for (const attribute of ['id', 'source', 'type', 'subject', 'tracestate', 'traceid'] as const) {
    const value = metadata[`cloudevent.${attribute}`];
    if (value) event[attribute] = value;
  }
  const traceparent = metadata['cloudevent.traceparent'];
  if (traceparent) {
    event['traceparent'] = traceparent;
    if (!metadata['cloudevent.traceid']) event['traceid'] = traceparent;
  }
  return event;
}

/** A raw-payload message as subscribers see it: a CloudEvent around the bytes (contrib FromRawPayload). */
export function cloudEventFromRawPayload(data: Uint8Array, topic: string, pubsubName: string): CloudEvent {
  return {
    id: randomUUID(),
    source: '',
    type: EventSentType,
    specversion: SpecVersion,
    datacontenttype: 'application/octet-stream',
    data_base64: Buffer.from(data).toString('base64'),
    topic,
    pubsubname: pubsubName,
  };
}

/** Parses a delivered envelope; throws CloudEventError when the bytes are not a CloudEvent object. */
export function parseDeliveredCloudEvent(data: Uint8Array): CloudEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch (err) {
    throw new CloudEventError(`message is not a CloudEvent: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CloudEventError('message is not a CloudEvent: not a JSON object');
  return parsed as CloudEvent;
}

/** True when the envelope's `expiration` has passed (TTL the runtime enforces for brokers without one). */
export function isExpired(event: CloudEvent, now: Date): boolean {
  const expiration = event['expiration'];
  if (typeof expiration !== 'string') return false;
  const at = Date.parse(expiration);
  return Number.isFinite(at) && at <= now.getTime();
}
