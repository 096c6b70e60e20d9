import { asObject } from './component-parser';
import { ResourceError } from './resource-error';
import type { ApiRule, ConfigurationResource, ConfigurationSpec, SecretScope } from './resource-types';

/** Validates a `kind: Configuration` document into the fields the runtime reads. */
export function parseConfiguration(doc: Record<string, unknown>, file: string): ConfigurationResource {
  const meta = asObject(doc['metadata']);
  const name = typeof meta?.['name'] === 'string' ? (meta['name'] as string) : '';
  const where = `Configuration "${name}"`;
  const fail = (field: string, problem: string): never => {
    throw new ResourceError(file, problem, where, field);
  };
  const spec = asObject(doc['spec']) ?? {};
  const secretsRaw = asObject(spec['secrets']);
  const scopesRaw = secretsRaw?.['scopes'] ?? [];
  if (!Array.isArray(scopesRaw)) fail('spec.secrets.scopes', 'must be a list');
  const scopes: SecretScope[] = (scopesRaw as unknown[]).map((raw, i) => {
    const s = asObject(raw) ?? fail(`spec.secrets.scopes[${i}]`, 'must be an object');
    if (typeof s['storeName'] !== 'string' || s['storeName'] === '') fail(`spec.secrets.scopes[${i}].storeName`, 'is required');
    const access = String(s['defaultAccess'] ?? 'allow').toLowerCase();
    if (access !== 'allow' && access !== 'deny') fail(`spec.secrets.scopes[${i}].defaultAccess`, `must be allow or deny, not "${access}"`);
    return {
      storeName: s['storeName'] as string,
      defaultAccess: access as 'allow' | 'deny',
      allowedSecrets: stringList(s['allowedSecrets'], `spec.secrets.scopes[${i}].allowedSecrets`, fail),
      deniedSecrets: stringList(s['deniedSecrets'], `spec.secrets.scopes[${i}].deniedSecrets`, fail),
    };
  });
  const features = (Array.isArray(spec['features']) ? (spec['features'] as unknown[]) : []).map((raw) => {
    const f = asObject(raw) ?? {};
    return { name: String(f['name'] ?? ''), enabled: f['enabled'] === true || String(f['enabled']) === 'true' };
  });
  const nr = asObject(spec['nameResolution']);
  const metric = asObject(spec['metric']) ?? asObject(spec['metrics']);
  const api = asObject(spec['api']);
  const rules = (raw: unknown): ApiRule[] => (Array.isArray(raw) ? raw.map((r) => asObject(r) ?? {}).map((r) => ({ name: String(r['name'] ?? ''), version: String(r['version'] ?? ''), ...(r['protocol'] ? { protocol: String(r['protocol']) as 'http' | 'grpc' } : {}) })) : []);
  const parsed: ConfigurationSpec = {
    secrets: { scopes },
    features,
    metric: { enabled: metric?.['enabled'] === undefined ? true : metric['enabled'] === true || String(metric['enabled']) === 'true' },
    raw: spec,
    ...(nr ? { nameResolution: { component: String(nr['component'] ?? ''), ...(nr['version'] ? { version: String(nr['version']) } : {}), configuration: asObject(nr['configuration']) ?? {} } } : {}),
    ...(api ? { api: { allowed: rules(api['allowed']), denied: rules(api['denied']) } } : {}),
  };
  const namespace = typeof meta?.['namespace'] === 'string' && meta['namespace'] !== '' ? (meta['namespace'] as string) : undefined;
  return { kind: 'Configuration', name, ...(namespace ? { namespace } : {}), spec: parsed, source: file };
}

function stringList(raw: unknown, field: string, fail: (field: string, problem: string) => never): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) return fail(field, 'must be a list of strings');
  return raw as string[];
}
