/** A `spec.metadata[]` item: a plain value, a secret reference, or an env reference. */
export interface MetadataItem {
  name: string;
  value?: string;
  secretKeyRef?: { name: string; key: string };
  envRef?: string;
}

/** `kind: Component` (dapr.io/v1alpha1), validated, with `${ENV}` references expanded. */
export interface ComponentResource {
  kind: 'Component';
  apiVersion: string;
  name: string;
  namespace?: string;
  type: string;
  version: string;
  metadata: MetadataItem[];
  initTimeoutMs: number;
  ignoreErrors: boolean;
  secretStore?: string;
  scopes: string[];
  source: string;
}

export interface SecretScope {
  storeName: string;
  defaultAccess: 'allow' | 'deny';
  allowedSecrets: string[];
  deniedSecrets: string[];
}

export interface ApiRule {
  name: string;
  version: string;
  protocol?: 'http' | 'grpc';
}

/** The Configuration spec fields the runtime reads; the rest stays in `raw`. */
export interface ConfigurationSpec {
  secrets: { scopes: SecretScope[] };
  nameResolution?: { component: string; version?: string; configuration: Record<string, unknown> };
  features: { name: string; enabled: boolean }[];
  api?: { allowed: ApiRule[]; denied: ApiRule[] };
  tracing?: { samplingRate: string; stdout: boolean; zipkin?: { endpointAddress: string }; otel?: { endpointAddress: string; protocol: string; isSecure: boolean } };
  metric: { enabled: boolean };
  accessControl?: { defaultAction: 'allow' | 'deny'; trustDomain: string; policies: unknown[] };
  raw: Record<string, unknown>;
}

export interface ConfigurationResource {
  kind: 'Configuration';
  name: string;
  namespace?: string;
  spec: ConfigurationSpec;
  source: string;
}

/** Resources kept as parsed for later building blocks (subscriptions, resiliency, HTTP endpoints). */
export interface OtherResource {
  kind: 'Subscription' | 'Resiliency' | 'HTTPEndpoint';
  apiVersion: string;
  name: string;
  namespace?: string;
  scopes: string[];
  spec: Record<string, unknown>;
  source: string;
}

export interface LoadedResources {
  components: ComponentResource[];
  configurations: ConfigurationResource[];
  others: OtherResource[];
}
