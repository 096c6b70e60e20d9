import { createHash } from 'node:crypto';
import { errorMessage } from '@dapr-ts/kit';
import { AckPolicy, DeliverPolicy, nanos, ReplayPolicy, type ConsumerConfig, type ConsumerInfo, type JetStreamManager } from 'nats';
import { natsErrorCode } from './nats-connection';
import { JetStreamDeliverPolicy, type JetStreamAckPolicy, type JetStreamPubSubMetadata } from './jetstream-pubsub-metadata';

/** Longest durable name we derive; longer ones are cut and made unique with a hash. */
const MaxDerivedNameLength = 100;

const DeliverPolicies: Record<JetStreamDeliverPolicy, DeliverPolicy> = {
  all: DeliverPolicy.All,
  last: DeliverPolicy.Last,
  new: DeliverPolicy.New,
  sequence: DeliverPolicy.StartSequence,
  time: DeliverPolicy.StartTime,
};
const AckPolicies: Record<JetStreamAckPolicy, AckPolicy> = { explicit: AckPolicy.Explicit, all: AckPolicy.All, none: AckPolicy.None };

/**
 * Durable consumer name of a consumer group on a topic when `durableName` is unset:
 * `<consumerID>-<topic>` with characters JetStream forbids in names (`.`, `*`, `>`, blanks…)
 * replaced by `_`, plus a short hash of the original whenever anything was replaced or cut, so
 * two topics never share a consumer.
 */
export function durableNameFor(consumerID: string, topic: string): string {
  const raw = `${consumerID}-${topic}`;
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  if (safe === raw && raw.length <= MaxDerivedNameLength) return raw;
  return `${safe.slice(0, MaxDerivedNameLength - 13)}-${createHash('sha256').update(raw).digest('hex').slice(0, 12)}`;
}

/**
 * Deliver subject of a push consumer, derived from stream and consumer so that every process
 * creating it at the same time asks for the same one (a second, different one would move the
 * consumer away from the first process's subscription).
 */
export function deliverSubjectFor(stream: string, durable: string): string {
  return `_INBOX.dapr-jetstream.${stream}.${durable}`;
}

/** The push consumer the component's metadata describes, for one topic (contrib jetstream.go's options, durable). */
export function consumerConfigFor(settings: JetStreamPubSubMetadata, topic: string, durable: string, deliverSubject: string): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    deliver_subject: deliverSubject,
    deliver_group: settings.queueGroupName ?? durable,
    filter_subject: topic,
    ack_policy: AckPolicies[settings.ackPolicy],
    deliver_policy: DeliverPolicies[settings.deliverPolicy],
    replay_policy: ReplayPolicy.Instant,
    ...(settings.deliverPolicy === JetStreamDeliverPolicy.Sequence && settings.startSequence !== undefined ? { opt_start_seq: settings.startSequence } : {}),
    ...(settings.deliverPolicy === JetStreamDeliverPolicy.Time && settings.startTime !== undefined ? { opt_start_time: settings.startTime.toISOString() } : {}),
    ...(settings.flowControl ? { flow_control: true } : {}),
    ...(settings.ackWaitMs === undefined ? {} : { ack_wait: nanos(settings.ackWaitMs) }),
    ...(settings.maxDeliver === undefined ? {} : { max_deliver: settings.maxDeliver }),
    ...(settings.backOffMs.length === 0 ? {} : { backoff: settings.backOffMs.map((ms) => nanos(ms)) }),
    ...(settings.maxAckPending === undefined ? {} : { max_ack_pending: settings.maxAckPending }),
    ...(settings.replicas === undefined ? {} : { num_replicas: settings.replicas }),
    ...(settings.memoryStorage ? { mem_storage: true } : {}),
    ...(settings.rateLimit === undefined ? {} : { rate_limit_bps: settings.rateLimit }),
    ...(settings.heartbeatMs === undefined ? {} : { idle_heartbeat: nanos(settings.heartbeatMs) }),
  };
}

/**
 * The stream a subscription binds to: `streamName` (which must exist), else the stream whose
 * subjects capture the topic. Like Dapr, streams are never created here: that is the operator's
 * choice of storage, retention and replicas (`nats stream add`).
 */
export async function streamFor(manager: JetStreamManager, settings: JetStreamPubSubMetadata, topic: string): Promise<string> {
  if (settings.streamName !== undefined) {
    try {
      await manager.streams.info(settings.streamName);
      return settings.streamName;
    } catch (err) {
      throw new Error(`pubsub.jetstream: stream ${settings.streamName} (streamName) is not available on NATS at ${settings.target}: ${errorMessage(err)}`, { cause: err });
    }
  }
  try {
    return await manager.streams.find(topic);
  } catch (err) {
    throw new Error(`pubsub.jetstream: no JetStream stream captures subject ${topic} on NATS at ${settings.target}; create one (e.g. nats stream add <name> --subjects "${topic}") or set streamName`, { cause: err });
  }
}

async function existingConsumer(manager: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | undefined> {
  try {
    return await manager.consumers.info(stream, durable);
  } catch (err) {
    if (natsErrorCode(err) === '404' || /consumer not found/i.test(errorMessage(err))) return undefined;
    throw err;
  }
}

/**
 * Creates the durable push consumer, or brings an existing one up to date with the metadata
 * (JetStream updates what may change and refuses the rest). An existing consumer keeps its
 * deliver subject, so sidecars already bound to it go on receiving. Rejects naming stream and
 * consumer when the consumer follows another subject or is a pull consumer.
 */
export async function ensureConsumer(manager: JetStreamManager, settings: JetStreamPubSubMetadata, stream: string, topic: string, durable: string): Promise<ConsumerInfo> {
  const existing = await existingConsumer(manager, stream, durable);
  if (existing && existing.config.filter_subject !== topic) {
    throw new Error(`pubsub.jetstream: consumer ${durable} of stream ${stream} follows subject ${existing.config.filter_subject ?? '(all)'}, not ${topic}; give each topic its own durableName, or leave durableName unset`);
  }
  if (existing && !existing.config.deliver_subject) throw new Error(`pubsub.jetstream: consumer ${durable} of stream ${stream} is a pull consumer; this component needs a push consumer (another durableName)`);
  const deliverSubject = existing?.config.deliver_subject ?? deliverSubjectFor(stream, durable);
  try {
    return await manager.consumers.add(stream, consumerConfigFor(settings, topic, durable, deliverSubject));
  } catch (err) {
    throw new Error(`pubsub.jetstream: cannot ${existing ? 'update' : 'create'} consumer ${durable} of stream ${stream} for ${topic}: ${errorMessage(err)}`, { cause: err });
  }
}
