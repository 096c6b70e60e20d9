import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/** MQTT quality-of-service levels. */
export type MqttQos = 0 | 1 | 2;

/** Typed component metadata of `pubsub.mqtt3`, decoded once at init. */
export interface Mqtt3PubSubMetadata {
  /** The broker URL mqtt.js dials (`mqtt:`, `mqtts:`, `ws:` or `wss:`), without credentials. */
  brokerUrl: string;
  /** `url` as written, password masked, for logs and error messages. */
  target: string;
  username: string | undefined;
  password: string | undefined;
  /** Base of the client ids (the runtime sets the app id); subscriptions may name their own. */
  consumerID: string | undefined;
  /** QoS of publishes and subscriptions. */
  qos: MqttQos;
  /** Publishes carry the retain flag (a request's `retain` metadata overrides it). */
  retain: boolean;
  /** Subscriptions connect with a clean session: the broker forgets them (and their unacked messages) on disconnect. */
  cleanSession: boolean;
  caCert: string | undefined;
  clientCert: string | undefined;
  clientKey: string | undefined;
  /** Times a failed handler is retried in place before the message is left to the broker; -1 = until it succeeds. */
  backOffMaxRetries: number;
  /** Pause between those in-place retries, in ms. */
  backOffDurationMs: number;
}

/** URL schemes Dapr's mqtt3 accepts, mapped to what mqtt.js dials. */
const Schemes: Record<string, string> = { tcp: 'mqtt', mqtt: 'mqtt', ssl: 'mqtts', tls: 'mqtts', tcps: 'mqtts', mqtts: 'mqtts', ws: 'ws', wss: 'wss' };
const DefaultPorts: Record<string, number> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };
/** Dapr's retry default for a constant back-off (`backOffDuration`). */
const DefaultBackOffDurationMs = 5000;

function parseUrl(text: string): { brokerUrl: string; target: string; username: string | undefined; password: string | undefined } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new MetadataError('url', 'is not a URL (e.g. tcp://user:pass@localhost:1883)');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const protocol = Schemes[scheme];
  if (protocol === undefined) throw new MetadataError('url', `scheme must be one of ${Object.keys(Schemes).join(', ')}, got ${scheme}`);
  if (!url.hostname) throw new MetadataError('url', 'names no host');
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const port = url.port || String(DefaultPorts[protocol]);
  const path = protocol === 'ws' || protocol === 'wss' ? url.pathname : '';
  const host = url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname;
  const masked = new URL(url.href);
  if (masked.password) masked.password = '***';
  return { brokerUrl: `${protocol}://${host}:${port}${path}`, target: masked.href.replace(/\/$/, ''), username, password };
}

/**
 * Decodes `pubsub.mqtt3` metadata with Dapr's names and defaults (docs: setup-mqtt3). Keys are
 * case-insensitive; unknown keys are ignored; a bad value throws a MetadataError naming its field.
 */
export function parseMqtt3PubSubMetadata(properties: Record<string, string>): Mqtt3PubSubMetadata {
  const md = new MetadataReader(properties);
  const { brokerUrl, target, username, password } = parseUrl(md.requiredString('url'));
  const qos = md.int('qos', 1);
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new MetadataError('qos', `must be 0, 1 or 2, got ${qos}`);
  const clientCert = md.raw('clientCert');
  const clientKey = md.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey go together');
  const backOffMaxRetries = md.int('backOffMaxRetries', 0);
  if (backOffMaxRetries < -1) throw new MetadataError('backOffMaxRetries', `must be -1 (no limit) or more, got ${backOffMaxRetries}`);
  return {
    brokerUrl,
    target,
    username,
    password,
    consumerID: md.raw('consumerID'),
    qos,
    retain: md.bool('retain', false),
    cleanSession: md.bool('cleanSession', false),
    caCert: md.raw('caCert'),
    clientCert,
    clientKey,
    backOffMaxRetries,
    backOffDurationMs: md.duration('backOffDuration', DefaultBackOffDurationMs),
  };
}
