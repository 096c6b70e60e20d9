import { expandStringsDeep } from './expand-strings-deep';
import { expandWith, missingEnvProblem } from './expand-env-references';
import { type Fail, type RawDocument, asRecord, isAbsent, namespaceOf, readBoolean, readRecord, readScalar, readStringList } from './raw-document';
import { ResourceError } from './resource-error';
import type { ApiRule, ConfigurationResource, ConfigurationSpec, SecretScope } from './resource-types';

/** Access-control trust domain when none is set. Mirrors dapr pkg/config DefaultTrustDomain. */
export const DefaultTrustDomain = 'public';

/**
 * Validates a `kind: Configuration` document into the fields the runtime reads, with Dapr's defaults
 * (secret scopes allow by default, metrics enabled, otel `isSecure` true, trust domain `public`).
 * `${VAR}` references in string values are expanded first; the expanded spec is kept as `raw`.
 * Mirrors dapr pkg/config/configuration.go (LoadStandaloneConfiguration, sortAndValidateSecretsConfiguration,
 * sortMetricsSpec).
 * @internal
 */
export function parseConfiguration(doc: RawDocument, file: string, env: NodeJS.ProcessEnv): ConfigurationResource {
  const rawName = asRecord(doc['metadata'])?.['name'];
  const name = typeof rawName === 'string' ? rawName : '';
  const fail: Fail = (field, problem) => {
    throw new ResourceError({ file, resource: name === '' ? 'Configuration' : `Configuration "${name}"`, field, problem });
  };
  const rawSpec = readRecord(doc['spec'], 'spec', fail) ?? {};
  const spec = expandStringsDeep(rawSpec, 'spec', (text, path) => expandWith(text, env, (variable) => fail(path, missingEnvProblem(variable)))) as RawDocument;

  const parsed: ConfigurationSpec = {
    secrets: { scopes: readSecretScopes(readRecord(spec['secrets'], 'spec.secrets', fail)?.['scopes'], fail) },
    features: readFeatures(spec['features'], fail),
    metric: { enabled: readMetricEnabled(spec, fail) },
    raw: spec,
  };
  const nameResolution = readRecord(spec['nameResolution'], 'spec.nameResolution', fail);
  if (nameResolution) {
    const version = readScalar(nameResolution['version'], '', 'spec.nameResolution.version', fail);
    parsed.nameResolution = {
      component: readScalar(nameResolution['component'], '', 'spec.nameResolution.component', fail),
      ...(version ? { version } : {}),
      configuration: readRecord(nameResolution['configuration'], 'spec.nameResolution.configuration', fail) ?? {},
    };
  }
  const api = readRecord(spec['api'], 'spec.api', fail);
  if (api) parsed.api = { allowed: readApiRules(api['allowed'], 'spec.api.allowed', fail), denied: readApiRules(api['denied'], 'spec.api.denied', fail) };
  const tracing = readTracing(spec['tracing'], fail);
  if (tracing) parsed.tracing = tracing;
  const accessControl = readRecord(spec['accessControl'], 'spec.accessControl', fail);
  if (accessControl) {
    const policies = accessControl['policies'] ?? [];
    if (!Array.isArray(policies)) fail('spec.accessControl.policies', 'must be a list');
    parsed.accessControl = {
      defaultAction: readAction(accessControl['defaultAction'], 'spec.accessControl.defaultAction', fail),
      trustDomain: readScalar(accessControl['trustDomain'], DefaultTrustDomain, 'spec.accessControl.trustDomain', fail),
      policies: policies as unknown[],
    };
  }
  const namespace = namespaceOf(doc);
  return { kind: 'Configuration', name, ...(namespace ? { namespace } : {}), spec: parsed, source: file };
}

function readSecretScopes(value: unknown, fail: Fail): SecretScope[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) return fail('spec.secrets.scopes', 'must be a list of {storeName, defaultAccess, allowedSecrets, deniedSecrets}');
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const field = `spec.secrets.scopes[${i}]`;
    const scope = asRecord(raw) ?? fail(field, 'must be a mapping with a storeName');
    const storeName = scope['storeName'];
    if (isAbsent(storeName)) fail(`${field}.storeName`, 'is required');
    if (typeof storeName !== 'string') return fail(`${field}.storeName`, 'must be a string');
    if (seen.has(storeName)) fail(`${field}.storeName`, `"${storeName}" is repeated in the secrets configuration`);
    seen.add(storeName);
    return {
      storeName,
      defaultAccess: readAction(scope['defaultAccess'], `${field}.defaultAccess`, fail),
      // Sorted like daprd does, so lookups behave the same.
      allowedSecrets: readStringList(scope['allowedSecrets'], `${field}.allowedSecrets`, fail).sort(),
      deniedSecrets: readStringList(scope['deniedSecrets'], `${field}.deniedSecrets`, fail).sort(),
    };
  });
}

function readAction(value: unknown, field: string, fail: Fail): 'allow' | 'deny' {
  if (isAbsent(value)) return 'allow';
  const action = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (action !== 'allow' && action !== 'deny') return fail(field, `must be allow or deny, not ${JSON.stringify(value)}`);
  return action;
}

function readFeatures(value: unknown, fail: Fail): ConfigurationSpec['features'] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) return fail('spec.features', 'must be a list of {name, enabled}');
  return value.map((raw, i) => {
    const feature = asRecord(raw) ?? fail(`spec.features[${i}]`, 'must be a mapping with a name');
    if (isAbsent(feature['name'])) fail(`spec.features[${i}].name`, 'is required');
    return {
      name: readScalar(feature['name'], '', `spec.features[${i}].name`, fail),
      enabled: readBoolean(feature['enabled'], false, `spec.features[${i}].enabled`, fail),
    };
  });
}

function readApiRules(value: unknown, field: string, fail: Fail): ApiRule[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) return fail(field, 'must be a list of {name, version, protocol}');
  return value.map((raw, i) => {
    const rule = asRecord(raw) ?? fail(`${field}[${i}]`, 'must be a mapping with a name');
    if (isAbsent(rule['name'])) fail(`${field}[${i}].name`, 'is required');
    const protocol = readScalar(rule['protocol'], '', `${field}[${i}].protocol`, fail).toLowerCase();
    if (protocol !== '' && protocol !== 'http' && protocol !== 'grpc') fail(`${field}[${i}].protocol`, `must be http or grpc, not "${protocol}"`);
    return {
      name: readScalar(rule['name'], '', `${field}[${i}].name`, fail),
      version: readScalar(rule['version'], '', `${field}[${i}].version`, fail),
      ...(protocol === 'http' || protocol === 'grpc' ? { protocol } : {}),
    };
  });
}

function readTracing(value: unknown, fail: Fail): ConfigurationSpec['tracing'] {
  const tracing = readRecord(value, 'spec.tracing', fail);
  if (!tracing) return undefined;
  const out: NonNullable<ConfigurationSpec['tracing']> = {
    samplingRate: readScalar(tracing['samplingRate'], '', 'spec.tracing.samplingRate', fail),
    stdout: readBoolean(tracing['stdout'], false, 'spec.tracing.stdout', fail),
  };
  const zipkin = readRecord(tracing['zipkin'], 'spec.tracing.zipkin', fail);
  if (zipkin) out.zipkin = { endpointAddress: readScalar(zipkin['endpointAddress'], '', 'spec.tracing.zipkin.endpointAddress', fail) };
  const otel = readRecord(tracing['otel'], 'spec.tracing.otel', fail);
  if (otel) {
    out.otel = {
      endpointAddress: readScalar(otel['endpointAddress'], '', 'spec.tracing.otel.endpointAddress', fail),
      protocol: readScalar(otel['protocol'], '', 'spec.tracing.otel.protocol', fail),
      isSecure: readBoolean(otel['isSecure'], true, 'spec.tracing.otel.isSecure', fail),
    };
  }
  return out;
}

/** `spec.metrics` is an alias of `spec.metric`; where both set `enabled`, `metrics` wins (daprd's sortMetricsSpec). */
function readMetricEnabled(spec: RawDocument, fail: Fail): boolean {
  const metric = readRecord(spec['metric'], 'spec.metric', fail);
  const metrics = readRecord(spec['metrics'], 'spec.metrics', fail);
  const fromMetric = readBoolean(metric?.['enabled'], true, 'spec.metric.enabled', fail);
  return readBoolean(metrics?.['enabled'], fromMetric, 'spec.metrics.enabled', fail);
}
