import { parseDuration } from '@dapr-ts/kit';
import { expandEnvReferences } from './env-expansion';
import { ResourceError } from './resource-error';
import type { ComponentResource, MetadataItem } from './resource-types';

const Categories = ['state', 'pubsub', 'bindings', 'secretstores', 'configuration', 'lock', 'crypto', 'middleware', 'nameresolution', 'conversation', 'workflow'];
const DefaultInitTimeoutMs = 5000;

type Doc = Record<string, unknown>;

/** Validates one `kind: Component` document; every error names the file, component and field. */
export function parseComponent(doc: Doc, file: string, env: NodeJS.ProcessEnv): ComponentResource {
  const meta = asObject(doc['metadata']);
  const name = meta?.['name'];
  if (typeof name !== 'string' || name.trim() === '') throw new ResourceError(file, 'is required', 'Component', 'metadata.name');
  const where = `Component "${name}"`;
  const fail = (field: string, problem: string): never => {
    throw new ResourceError(file, problem, where, field);
  };
  const spec = asObject(doc['spec']) ?? fail('spec', 'is required');
  const type = spec['type'];
  if (typeof type !== 'string' || type.trim() === '') return fail('spec.type', 'is required');
  const category = type.split('.')[0] ?? '';
  if (!type.includes('.') || !Categories.includes(category)) fail('spec.type', `"${type}" is not a component type (expected <category>.<name> with category one of ${Categories.join(', ')})`);
  const version = spec['version'] === undefined || spec['version'] === null ? '' : String(spec['version']);

  const rawItems = spec['metadata'] ?? [];
  if (!Array.isArray(rawItems)) fail('spec.metadata', 'must be a list of {name, value} items');
  const metadata = (rawItems as unknown[]).map((raw, i) => parseMetadataItem(raw, i, env, fail));

  let initTimeoutMs = DefaultInitTimeoutMs;
  if (spec['initTimeout'] !== undefined && spec['initTimeout'] !== null && spec['initTimeout'] !== '') {
    try {
      initTimeoutMs = parseDuration(String(spec['initTimeout']));
    } catch {
      fail('spec.initTimeout', `"${String(spec['initTimeout'])}" is not a duration (e.g. 5s, 1m)`);
    }
  }
  const scopes = doc['scopes'] ?? [];
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) fail('scopes', 'must be a list of app ids');
  const auth = asObject(doc['auth']);
  const secretStore = typeof auth?.['secretStore'] === 'string' && auth['secretStore'] !== '' ? (auth['secretStore'] as string) : undefined;
  const namespace = typeof meta?.['namespace'] === 'string' && meta['namespace'] !== '' ? (meta['namespace'] as string) : undefined;
  return {
    kind: 'Component',
    apiVersion: String(doc['apiVersion']),
    name,
    ...(namespace ? { namespace } : {}),
    type,
    version,
    metadata,
    initTimeoutMs,
    ignoreErrors: isIgnoreErrors(doc),
    ...(secretStore ? { secretStore } : {}),
    scopes: scopes as string[],
    source: file,
  };
}

/** Read leniently before validation, so a broken component can still opt out of failing the sidecar. */
export function isIgnoreErrors(doc: Doc): boolean {
  const value = asObject(doc['spec'])?.['ignoreErrors'];
  return value === true || String(value).toLowerCase() === 'true';
}

function parseMetadataItem(raw: unknown, index: number, env: NodeJS.ProcessEnv, fail: (field: string, problem: string) => never): MetadataItem {
  const item = asObject(raw) ?? fail(`spec.metadata[${index}]`, 'must be an object with a name');
  const name = item['name'];
  if (typeof name !== 'string' || name === '') return fail(`spec.metadata[${index}].name`, 'is required');
  const field = `spec.metadata[${name}]`;
  const expand = (text: string): string => {
    try {
      return expandEnvReferences(text, env, field);
    } catch (err) {
      return fail(field, (err as Error).message);
    }
  };
  if (item['secretKeyRef'] !== undefined) {
    const ref = asObject(item['secretKeyRef']) ?? fail(`${field}.secretKeyRef`, 'must be an object with name and key');
    if (typeof ref['name'] !== 'string' || ref['name'] === '') fail(`${field}.secretKeyRef.name`, 'is required');
    const refName = expand(ref['name'] as string);
    const key = typeof ref['key'] === 'string' && ref['key'] !== '' ? expand(ref['key']) : refName;
    return { name, secretKeyRef: { name: refName, key } };
  }
  if (item['envRef'] !== undefined) {
    const variable = String(item['envRef']);
    const value = env[variable];
    if (value === undefined) fail(`${field}.envRef`, `environment variable ${variable} is not set`);
    return { name, value: value as string };
  }
  const value = item['value'];
  if (value === undefined || value === null) return { name, value: '' };
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return { name, value: expand(text) };
}

export function asObject(value: unknown): Doc | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : undefined;
}
