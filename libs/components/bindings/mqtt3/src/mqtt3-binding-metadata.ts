import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/** `bindings.mqtt3` component metadata, decoded once (contrib bindings/mqtt3/metadata.go). */
export interface Mqtt3BindingMetadata {
  /** The URL mqtt.js dials (`mqtt:`, `mqtts:`, `ws:` or `wss:`), without credentials. */
  brokerUrl: string;
  /** `url` with its password masked, for logs and error messages. */
  target: string;
  username: string | undefined;
  password: string | undefined;
  topic: string;
  /** Client ids are `<consumerID>-producer` and `<consumerID>-consumer`. */
  consumerID: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  cleanSession: boolean;
  /** Times a failed delivery is retried in place before it is left to the broker; -1 = until it succeeds. */
  backOffMaxRetries: number;
  caCert: string | undefined;
  clientCert: string | undefined;
  clientKey: string | undefined;
}

/** URL schemes Dapr's mqtt3 accepts, mapped to what mqtt.js dials. */
const Schemes: Record<string, string> = { tcp: 'mqtt', mqtt: 'mqtt', ssl: 'mqtts', tls: 'mqtts', mqtts: 'mqtts', ws: 'ws', wss: 'wss' };

/**
 * Decodes `bindings.mqtt3` metadata with Dapr's names and defaults (docs: "MQTT3 binding spec").
 * Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parseMqtt3BindingMetadata(properties: Record<string, string>): Mqtt3BindingMetadata {
  const reader = new MetadataReader(properties);
  const url = parseUrl(reader.requiredString('url'));
  const qos = reader.int('qos', 1);
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new MetadataError('qos', `must be 0, 1 or 2, got ${qos}`);
  const backOffMaxRetries = reader.int('backOffMaxRetries', 0);
  if (backOffMaxRetries < -1) throw new MetadataError('backOffMaxRetries', `must be -1 (retry until it succeeds) or more, got ${backOffMaxRetries}`);
  const clientCert = reader.raw('clientCert');
  const clientKey = reader.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey must be set together');
  return {
    ...url,
    topic: reader.requiredString('topic'),
    consumerID: reader.requiredString('consumerID'),
    qos,
    retain: reader.strictBool('retain', false),
    cleanSession: reader.strictBool('cleanSession', false),
    backOffMaxRetries,
    caCert: reader.raw('caCert'),
    clientCert,
    clientKey,
  };
}

function parseUrl(text: string): Pick<Mqtt3BindingMetadata, 'brokerUrl' | 'target' | 'username' | 'password'> {
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
  const masked = new URL(url.href);
  if (masked.password) masked.password = '***';
  const dial = new URL(url.href);
  dial.username = '';
  dial.password = '';
  return {
    brokerUrl: `${protocol}:${dial.href.slice(dial.protocol.length)}`.replace(/\/$/, ''),
    target: masked.href.replace(/\/$/, ''),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}
