import { isTruthy, parseDuration } from '@dapr-ts/kit';
import { expandStringsDeep } from './expand-strings-deep';
import { expandWith, missingEnvProblem } from './expand-env-references';
import { type Fail, type RawDocument, asRecord, isAbsent, nameProblem, namespaceOf, readScalar, readStringList } from './raw-document';
import { ResourceError } from './resource-error';
import type { ComponentResource, MetadataItem } from './resource-types';
import { stringifyMetadataValue } from './stringify-metadata-value';

/** The categories a `spec.type` may start with (`<category>.<name>`). */
export const ComponentCategories = [
  'state',
  'pubsub',
  'bindings',
  'secretstores',
  'configuration',
  'lock',
  'crypto',
  'middleware',
  'nameresolution',
  'conversation',
  'workflow',
] as const;

/** One of {@link ComponentCategories}. */
export type ComponentCategory = (typeof ComponentCategories)[number];

/** daprd's default `spec.initTimeout` (5s). */
export const DefaultInitTimeoutMs = 5000;

/**
 * Validates one `kind: Component` document and expands its `${VAR}` references. Every error is a
 * ResourceError naming the file, `Component "<name>"` and the field.
 * Mirrors dapr pkg/apis/components/v1alpha1/types.go.
 * @internal
 */
export function parseComponent(doc: RawDocument, file: string, env: NodeJS.ProcessEnv): ComponentResource {
  const rawName = asRecord(doc['metadata'])?.['name'];
  const problem = nameProblem(rawName);
  const resource = typeof rawName === 'string' && rawName !== '' ? `Component "${rawName}"` : 'Component';
  const fail: Fail = (field, text) => {
    throw new ResourceError({ file, resource, field, problem: text });
  };
  if (problem) fail('metadata.name', problem);
  const name = rawName as string;

  const spec = asRecord(doc['spec']) ?? fail('spec', 'is required and must be a mapping');
  const type = readType(spec['type'], fail);
  const version = readScalar(spec['version'], '', 'spec.version', fail);
  const rawItems = spec['metadata'] ?? [];
  if (!Array.isArray(rawItems)) fail('spec.metadata', 'must be a list of {name, value | secretKeyRef | envRef} items');
  const metadata = (rawItems as unknown[]).map((raw, index) => parseMetadataItem(raw, index, env, fail));
  const initTimeoutMs = readInitTimeout(spec['initTimeout'], fail);
  const scopes = readStringList(doc['scopes'], 'scopes', fail);
  const secretStore = asRecord(doc['auth'])?.['secretStore'];
  if (!isAbsent(secretStore) && typeof secretStore !== 'string') fail('auth.secretStore', 'must be a string');
  const namespace = namespaceOf(doc);

  return {
    kind: 'Component',
    apiVersion: String(doc['apiVersion']),
    name,
    ...(namespace ? { namespace } : {}),
    type,
    version,
    metadata,
    initTimeoutMs,
    ignoreErrors: readIgnoreErrors(doc),
    ...(typeof secretStore === 'string' && secretStore !== '' ? { secretStore } : {}),
    scopes,
    source: file,
  };
}

/**
 * Reads `spec.ignoreErrors` leniently (YAML boolean or truthy string), without validating anything
 * else, so that a malformed component can still opt out of failing the sidecar.
 * @internal
 */
export function readIgnoreErrors(doc: RawDocument): boolean {
  const value = asRecord(doc['spec'])?.['ignoreErrors'];
  return value === true || (typeof value === 'string' && isTruthy(value));
}

function readType(value: unknown, fail: Fail): string {
  if (isAbsent(value)) return fail('spec.type', 'is required');
  if (typeof value !== 'string') return fail('spec.type', 'must be a string');
  const dot = value.indexOf('.');
  const category = value.slice(0, dot);
  if (dot <= 0 || dot === value.length - 1 || /\s/.test(value) || !(ComponentCategories as readonly string[]).includes(category)) {
    fail('spec.type', `"${value}" is not of the form <category>.<name> with category one of ${ComponentCategories.join(', ')}`);
  }
  return value;
}

function readInitTimeout(value: unknown, fail: Fail): number {
  if (isAbsent(value)) return DefaultInitTimeoutMs;
  try {
    if (typeof value !== 'string') throw new TypeError('not a string');
    const ms = parseDuration(value);
    if (ms < 0) throw new RangeError('negative');
    return ms;
  } catch {
    return fail('spec.initTimeout', `${JSON.stringify(value)} is not a duration (use e.g. 5s, 1m30s or PT5S)`);
  }
}

function parseMetadataItem(raw: unknown, index: number, env: NodeJS.ProcessEnv, fail: Fail): MetadataItem {
  const item = asRecord(raw) ?? fail(`spec.metadata[${index}]`, 'must be a mapping with a name');
  const name = item['name'];
  if (isAbsent(name)) return fail(`spec.metadata[${index}].name`, 'is required');
  if (typeof name !== 'string') return fail(`spec.metadata[${index}].name`, 'must be a string');
  const field = `spec.metadata[${name}]`;
  const expand = (text: string): string => expandWith(text, env, (variable) => fail(field, missingEnvProblem(variable)));

  if (!isAbsent(item['secretKeyRef'])) {
    const ref = asRecord(item['secretKeyRef']) ?? fail(`${field}.secretKeyRef`, 'must be a mapping with name and key');
    if (isAbsent(ref['name'])) fail(`${field}.secretKeyRef.name`, 'is required');
    if (typeof ref['name'] !== 'string') fail(`${field}.secretKeyRef.name`, 'must be a string');
    if (!isAbsent(ref['key']) && typeof ref['key'] !== 'string') fail(`${field}.secretKeyRef.key`, 'must be a string');
    const secretName = expand(ref['name'] as string);
    // Mirrors dapr pkg/runtime/processor: an empty key means "the secret's own name".
    const key = isAbsent(ref['key']) ? secretName : expand(ref['key'] as string);
    return { name, secretKeyRef: { name: secretName, key } };
  }
  if (!isAbsent(item['envRef'])) {
    const variable = item['envRef'];
    if (typeof variable !== 'string') return fail(`${field}.envRef`, 'must be the name of an environment variable');
    const value = env[variable];
    if (value === undefined) return fail(field, missingEnvProblem(variable, false));
    return { name, value, envRef: variable };
  }
  const value = expandStringsDeep(item['value'], field, (text) => expand(text));
  return { name, value: stringifyMetadataValue(value) };
}
