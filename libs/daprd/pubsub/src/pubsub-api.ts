import { PubSubFeature, bulkPublish } from '@dapr-ts/components-pubsub';
import type { CloudEvent } from '@dapr-ts/daprd-app-callbacks';
import { messageOf, pubsubErrors } from '@dapr-ts/daprd-errors';
import { isTruthy } from '@dapr-ts/kit';
import { completeCloudEvent, encodeNewCloudEvent, isCloudEventError } from './cloud-event';
import { CloudEventContentType, isCloudEventContentType } from './content-type';
import type { PubSubLookup, RegisteredPubSub } from './pubsub-lookup';
import type { BulkPublishMessage, BulkPublishResult, PublishEventMessage } from './publish-types';
import type { TraceContext } from './trace-context';

export interface PubSubApiOptions {
  appId: string;
  pubsubs: PubSubLookup;
  now?: () => Date;
}

interface PreparedMessage {
  data: Buffer;
  contentType: string;
}

/**
 * The transport-agnostic publish API (dapr pkg/api/universal + http publish handlers): validates
 * the target, checks topic scopes, builds the CloudEvent envelope and hands it to the broker.
 */
export class PubSubApi {
  private readonly options: PubSubApiOptions;

  constructor(options: PubSubApiOptions) {
    this.options = options;
  }

  async publish(req: PublishEventMessage, trace: TraceContext, signal: AbortSignal): Promise<void> {
    const entry = this.target(req.pubsubName, req.topic);
    const message = this.prepare(entry, req.topic, req.data, req.dataContentType, req.metadata, trace);
    try {
      await entry.pubsub.publish({ topic: req.topic, data: message.data, contentType: message.contentType, metadata: req.metadata }, signal);
    } catch (err) {
      throw pubsubErrors.publish(req.pubsubName, req.topic, messageOf(err), err);
    }
  }

  /** Publishes every entry it can; failures come back per entry (the caller maps them to its wire shape). */
  async bulkPublish(req: BulkPublishMessage, trace: TraceContext, signal: AbortSignal): Promise<BulkPublishResult> {
    const entry = this.target(req.pubsubName, req.topic);
    const seen = new Set<string>();
    for (const item of req.entries) {
      if (!item.entryId || seen.has(item.entryId)) throw pubsubErrors.bulkBody(req.pubsubName, req.topic, 'entryId is duplicated or not present for entry');
      seen.add(item.entryId);
    }
    const entries = req.entries.map((item) => {
      const metadata = { ...req.metadata, ...item.metadata };
      const message = this.prepare(entry, req.topic, item.event, item.contentType, metadata, trace);
      return { entryId: item.entryId, data: message.data, contentType: message.contentType, metadata };
    });
    try {
      return await bulkPublish(entry.pubsub, { topic: req.topic, entries, metadata: req.metadata }, signal);
    } catch (err) {
      return { failedEntries: req.entries.map((item) => ({ entryId: item.entryId, error: messageOf(err) })) };
    }
  }

  private target(pubsubName: string, topic: string): RegisteredPubSub {
    const { pubsubs, appId } = this.options;
    if (!pubsubs.any()) throw pubsubErrors.notConfigured();
    if (!pubsubName) throw pubsubErrors.nameEmpty();
    const entry = pubsubs.get(pubsubName);
    if (!entry) throw pubsubErrors.notFound(pubsubName);
    if (!topic) throw pubsubErrors.topicEmpty(pubsubName);
    if (!entry.access.canPublish(topic)) throw pubsubErrors.forbidden(pubsubName, topic, appId);
    return entry;
  }

  private prepare(entry: RegisteredPubSub, topic: string, data: Buffer, contentType: string, metadata: Record<string, string>, trace: TraceContext): PreparedMessage {
    const raw = metadata['rawPayload'];
    if (raw !== undefined && isTruthy(raw)) return { data, contentType: contentType || 'application/octet-stream' };
    const now = (this.options.now ?? (() => new Date()))();
    const expiration = this.expiration(entry, metadata, now);
    const input = { source: this.options.appId, pubsubName: entry.name, topic, trace, metadata, now, ...(expiration ? { expiration } : {}) };
    if (!isCloudEventContentType(contentType)) return { data: encodeNewCloudEvent({ ...input, data, contentType }), contentType: CloudEventContentType };
    let event: CloudEvent;
    try {
      event = completeCloudEvent(data, input);
    } catch (err) {
      if (isCloudEventError(err)) throw pubsubErrors.cloudEvent(entry.name, err.message);
      throw err;
    }
    return { data: Buffer.from(JSON.stringify(event)), contentType: CloudEventContentType };
  }

  /** `ttlInSeconds`: the broker enforces it when it can, else the envelope carries `expiration`. */
  private expiration(entry: RegisteredPubSub, metadata: Record<string, string>, now: Date): Date | undefined {
    const ttl = metadata['ttlInSeconds'];
    if (ttl === undefined || ttl === '') return undefined;
    if (!/^\d+$/.test(ttl.trim())) throw pubsubErrors.metadata(entry.name, `incorrect value for metadata 'ttlInSeconds': "${ttl}" is not a non-negative integer`);
    if (entry.pubsub.features().includes(PubSubFeature.MessageTTL)) return undefined;
    return new Date(now.getTime() + Number(ttl.trim()) * 1000);
  }
}
