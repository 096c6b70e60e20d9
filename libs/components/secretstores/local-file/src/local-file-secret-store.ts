import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { SecretNotFoundError, SecretStoreFeature, type GetSecretRequest, type Secret, type SecretStore } from '@dapr-ts/components-secretstores';
import { flattenJson } from './flatten-json';

/** Typed component metadata (contrib localSecretStoreMetaData). */
interface LocalFileMetadata {
  /** Absolute path; a relative `secretsFile` resolves against the working directory, as in Dapr. */
  secretsFile: string;
  nestedSeparator: string;
  multiValued: boolean;
}

function parseLocalFileMetadata(properties: Record<string, string>): LocalFileMetadata {
  const md = new MetadataReader(properties);
  return {
    secretsFile: resolve(md.requiredString('secretsFile')),
    nestedSeparator: md.string('nestedSeparator', ':'),
    multiValued: md.bool('multiValued', false),
  };
}

/**
 * `secretstores.local.file`: secrets from a JSON file read once at init, for local development
 * (contrib secretstores/local/file). Metadata: `secretsFile` (required), `nestedSeparator`
 * (default `:`), `multiValued` (default false).
 *
 * - Single-valued: the whole file is flattened (`{"a":{"b":"x"}}` → secret `a:b`), and each
 *   secret is `{ <name>: <value> }`.
 * - Multi-valued: each top-level key is a secret whose map holds its children, flattened below
 *   that level (`{"db":{"user":"u","opts":{"ssl":true}}}` → `db` = `{user, "opts:ssl"}`). A
 *   top-level scalar gives `{ <name>: <value> }`. (Dapr drops top-level numbers, booleans and
 *   arrays in this mode; we keep them, treating them as in single-valued mode.)
 */
export class LocalFileSecretStore implements SecretStore {
  private secrets = new Map<string, ReadonlyMap<string, string>>();
  private multiValued = false;

  /** Reads and parses the file; a missing, unreadable or malformed file is a MetadataError naming `secretsFile`. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    const md = parseLocalFileMetadata(metadata.properties);
    const file = md.secretsFile;
    let text: string;
    try {
      text = await readFile(file, { encoding: 'utf8', signal });
    } catch (err) {
      signal.throwIfAborted();
      throw new MetadataError('secretsFile', `cannot read secrets file ${file}: ${messageOf(err)}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new MetadataError('secretsFile', `secrets file ${file} is not valid JSON: ${messageOf(err)}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new MetadataError('secretsFile', `secrets file ${file} must hold a JSON object`);
    }
    try {
      this.secrets = md.multiValued ? multiValuedSecrets(parsed, md.nestedSeparator) : singleValuedSecrets(parsed, md.nestedSeparator);
    } catch (err) {
      throw new MetadataError('secretsFile', `secrets file ${file}: ${messageOf(err)}`);
    }
    this.multiValued = md.multiValued;
  }

  /** MULTIPLE_KEY_VALUES_PER_SECRET exactly when `multiValued` is on. */
  features(): readonly SecretStoreFeature[] {
    return this.multiValued ? [SecretStoreFeature.MultipleKeyValuesPerSecret] : [];
  }

  async getSecret(request: GetSecretRequest, signal: AbortSignal): Promise<Secret> {
    signal.throwIfAborted();
    const secret = this.secrets.get(request.name);
    if (!secret) throw new SecretNotFoundError(request.name);
    return Object.fromEntries(secret);
  }

  async bulkGetSecret(_metadata: Record<string, string>, signal: AbortSignal): Promise<Record<string, Secret>> {
    signal.throwIfAborted();
    return Object.fromEntries([...this.secrets].map(([name, secret]) => [name, Object.fromEntries(secret)]));
  }

  async close(): Promise<void> {
    this.secrets = new Map();
  }
}

function singleValuedSecrets(root: object, separator: string): Map<string, ReadonlyMap<string, string>> {
  return new Map([...flattenJson(root, separator)].map(([name, value]) => [name, new Map([[name, value]])]));
}

function multiValuedSecrets(root: object, separator: string): Map<string, ReadonlyMap<string, string>> {
  const secrets = new Map<string, ReadonlyMap<string, string>>();
  for (const [name, value] of Object.entries(root)) {
    // A scalar is flattened as a one-entry object so it is formatted exactly as in single-valued mode.
    secrets.set(name, typeof value === 'object' && value !== null ? flattenJson(value, separator) : flattenJson({ [name]: value }, separator));
  }
  return secrets;
}

/** The error's message. Duck-typed: Node's fs errors fail `instanceof Error` under Jest's module realms. */
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
