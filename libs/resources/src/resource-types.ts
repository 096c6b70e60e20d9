/**
 * A `spec.metadata[]` item of a Component: a plain value, a secret reference, or an env reference.
 * After loading, `${VAR}` references are expanded and `envRef`s are already resolved into `value`.
 */
export interface MetadataItem {
  name: string;
  /** The value as a string (numbers, booleans and JSON stringified); set for plain and `envRef` items. */
  value?: string;
  /** Read later from the component's `auth.secretStore`; `key` defaults to `name`, as in Dapr. */
  secretKeyRef?: { name: string; key: string };
  /** The daprd environment variable `value` was read from (already resolved). */
  envRef?: string;
}

/** `kind: Component` (`dapr.io/v1alpha1`), validated, with `${VAR}` references expanded. */
export interface ComponentResource {
  kind: 'Component';
  apiVersion: string;
  /** `metadata.name`: the name apps use in the API (`/v1.0/state/<name>`). */
  name: string;
  namespace?: string;
  /** `spec.type`, e.g. `state.redis`. */
  type: string;
  /** `spec.version`, `''` when absent. */
  version: string;
  /** `spec.metadata`, in file order. */
  metadata: MetadataItem[];
  /** `spec.initTimeout` in milliseconds; 5000 by default. */
  initTimeoutMs: number;
  /** `spec.ignoreErrors`: a failing init only logs a warning. */
  ignoreErrors: boolean;
  /** `auth.secretStore`, the store `secretKeyRef`s are read from. */
  secretStore?: string;
  /** App ids allowed to load the component; `[]` means all. */
  scopes: string[];
  /** The file the component came from. */
  source: string;
}

/** A `spec.secrets.scopes[]` entry of a Configuration; the secret lists are sorted. */
export interface SecretScope {
  storeName: string;
  defaultAccess: 'allow' | 'deny';
  allowedSecrets: string[];
  deniedSecrets: string[];
}

/** A `spec.api.allowed[]` / `spec.api.denied[]` rule; without `protocol` it applies to both. */
export interface ApiRule {
  name: string;
  version: string;
  protocol?: 'http' | 'grpc';
}

/** `spec.tracing` of a Configuration. */
export interface TracingSpec {
  /** As written (`'1'`, `'0.5'`); `''` when unset. */
  samplingRate: string;
  stdout: boolean;
  zipkin?: { endpointAddress: string };
  /** `protocol` is `''` when unset; `isSecure` defaults to true. */
  otel?: { endpointAddress: string; protocol: string; isSecure: boolean };
}

/** `spec.accessControl` of a Configuration; policies are kept as written for the ACL code. */
export interface AccessControlSpec {
  defaultAction: 'allow' | 'deny';
  /** `public` when unset. */
  trustDomain: string;
  policies: unknown[];
}

/** The Configuration spec fields the runtime reads, with Dapr's defaults; everything is also in `raw`. */
export interface ConfigurationSpec {
  secrets: { scopes: SecretScope[] };
  nameResolution?: { component: string; version?: string; configuration: Record<string, unknown> };
  features: { name: string; enabled: boolean }[];
  api?: { allowed: ApiRule[]; denied: ApiRule[] };
  tracing?: TracingSpec;
  /** From `spec.metric` or its alias `spec.metrics`; enabled unless set to false. */
  metric: { enabled: boolean };
  accessControl?: AccessControlSpec;
  /** The whole spec as written, after `${VAR}` expansion. */
  raw: Record<string, unknown>;
}

/** `kind: Configuration`: from `--config` or found among the resources. */
export interface ConfigurationResource {
  kind: 'Configuration';
  /** `metadata.name`, `''` when absent (daprd does not require it for `--config`). */
  name: string;
  namespace?: string;
  spec: ConfigurationSpec;
  source: string;
}

/** The resource kinds kept unparsed for the building blocks that will read them. */
export type OtherResourceKind = 'Subscription' | 'Resiliency' | 'HTTPEndpoint';

/** A Subscription, Resiliency or HTTPEndpoint, with its spec kept as written (no `${VAR}` expansion). */
export interface OtherResource {
  kind: OtherResourceKind;
  apiVersion: string;
  name: string;
  namespace?: string;
  scopes: string[];
  spec: Record<string, unknown>;
  source: string;
}

/** Everything {@link loadResources} found, in path, file and document order. */
export interface LoadedResources {
  components: ComponentResource[];
  configurations: ConfigurationResource[];
  others: OtherResource[];
}
