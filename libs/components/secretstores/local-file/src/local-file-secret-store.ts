import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { SecretNotFoundError, SecretStoreFeature, type GetSecretRequest, type Secret, type SecretStore } from '@dapr-ts/components-secretstores';

/**
 * `secretstores.local.file`: secrets from a JSON file, for local development (contrib
 * secretstores/local/file). Metadata: `secretsFile` (required), `nestedSeparator` (default `:`),
 * `multiValued` (default false).
 */
export class LocalFileSecretStore implements SecretStore {
  private secrets = new Map<string, Secret>();
  private multiValued = false;

  async init(metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {
    const md = new MetadataReader(metadata.properties);
    const file = resolve(md.requiredString('secretsFile'));
    const separator = md.string('nestedSeparator', ':');
    this.multiValued = md.bool('multiValued', false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new MetadataError('secretsFile', `cannot read ${file} as JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MetadataError('secretsFile', `${file} must hold a JSON object`);
    this.secrets = new Map();
    if (this.multiValued) {
      for (const [name, value] of Object.entries(parsed)) {
        this.secrets.set(name, typeof value === 'object' && value !== null ? flatten(value, separator) : { [name]: scalar(value) });
      }
    } else {
      for (const [name, value] of Object.entries(flatten(parsed, separator))) this.secrets.set(name, { [name]: value });
    }
  }

  features(): readonly SecretStoreFeature[] {
    return this.multiValued ? [SecretStoreFeature.MultipleKeyValuesPerSecret] : [];
  }

  async getSecret(request: GetSecretRequest, _signal: AbortSignal): Promise<Secret> {
    const secret = this.secrets.get(request.name);
    if (!secret) throw new SecretNotFoundError(request.name);
    return { ...secret };
  }

  async bulkGetSecret(_metadata: Record<string, string>, _signal: AbortSignal): Promise<Record<string, Secret>> {
    return Object.fromEntries([...this.secrets].map(([name, secret]) => [name, { ...secret }]));
  }

  async close(): Promise<void> {
    this.secrets.clear();
  }
}

/** `{"a":{"b":"c"},"l":[1]}` → `{"a:b":"c","l:0":"1"}`. */
function flatten(value: object, separator: string, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [key, child] of Object.entries(value)) {
    const name = prefix === '' ? key : `${prefix}${separator}${key}`;
    if (typeof child === 'object' && child !== null) flatten(child, separator, name, out);
    else out[name] = scalar(child);
  }
  return out;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
