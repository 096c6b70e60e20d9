import { isTruthy } from '@dapr-ts/kit';

/** A YAML mapping as js-yaml returns it. @internal */
export type RawDocument = Record<string, unknown>;

/** Throws the caller's ResourceError for `field`; every parser passes one in. @internal */
export type Fail = (field: string, problem: string) => never;

/** The value as a mapping, or undefined when it is anything else (scalar, list, null). @internal */
export function asRecord(value: unknown): RawDocument | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawDocument) : undefined;
}

/** True for `undefined`, `null` and `''`: YAML's ways of leaving a field out. @internal */
export function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/** `metadata.namespace` when it is a non-empty string. @internal */
export function namespaceOf(doc: RawDocument): string | undefined {
  const namespace = asRecord(doc['metadata'])?.['namespace'];
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/**
 * Validates `metadata.name` the way daprd's disk loader does (k8s `IsValidPathSegmentName`): the
 * name becomes a URL path segment (`/v1.0/state/<name>`), so it may not be `.`, `..`, or contain
 * `/` or `%`. Returns the problem, or undefined when the name is fine.
 * Mirrors dapr pkg/internal/loader/disk/manifest.go.
 * @internal
 */
export function nameProblem(name: unknown): string | undefined {
  if (isAbsent(name)) return 'is required';
  if (typeof name !== 'string') return 'must be a string';
  if (name.trim() !== name || /\s/.test(name)) return `"${name}" may not contain whitespace`;
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return `"${name}" may not contain '/'`;
  if (name.includes('%')) return `"${name}" may not contain '%'`;
  return undefined;
}

/** Reads a list of strings; absent means `[]`. @internal */
export function readStringList(value: unknown, field: string, fail: Fail): string[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return fail(field, 'must be a list of strings');
  return [...value];
}

/** Reads a boolean; YAML booleans and Dapr's truthy strings are accepted, absent means `fallback`. @internal */
export function readBoolean(value: unknown, fallback: boolean, field: string, fail: Fail): boolean {
  if (isAbsent(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return isTruthy(value);
  return fail(field, `must be true or false, not ${JSON.stringify(value)}`);
}

/** Reads a scalar as a string (`1` → `'1'`); absent means `fallback`. @internal */
export function readScalar(value: unknown, fallback: string, field: string, fail: Fail): string {
  if (isAbsent(value)) return fallback;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(field, 'must be a string');
}

/** Reads an optional mapping; returns undefined when absent. @internal */
export function readRecord(value: unknown, field: string, fail: Fail): RawDocument | undefined {
  if (value === undefined || value === null) return undefined;
  return asRecord(value) ?? fail(field, 'must be a mapping');
}
