import { MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { SecretNotFoundError, type GetSecretRequest, type Secret, type SecretStore, type SecretStoreFeature } from '@dapr-ts/components-secretstores';

/**
 * The sidecar's own credentials are never handed out as secrets: an app that may read env
 * secrets must not learn the token that guards the sidecar's API, nor the one the sidecar
 * presents to the app.
 */
const Hidden = new Set(['DAPR_API_TOKEN', 'APP_API_TOKEN']);

/**
 * `secretstores.local.env`: the sidecar's environment variables as secrets (contrib
 * secretstores/local/env). Metadata `prefix` limits it to variables starting with the prefix
 * (case-insensitive) and strips it from the names returned.
 */
export class LocalEnvSecretStore implements SecretStore {
  private prefix = '';

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async init(metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {
    this.prefix = new MetadataReader(metadata.properties).string('prefix', '');
  }

  features(): readonly SecretStoreFeature[] {
    return [];
  }

  async getSecret(request: GetSecretRequest, _signal: AbortSignal): Promise<Secret> {
    const wanted = `${this.prefix}${request.name}`.toLowerCase();
    for (const [name, value] of Object.entries(this.env)) {
      if (value !== undefined && name.toLowerCase() === wanted && !Hidden.has(name.toUpperCase())) return { [request.name]: value };
    }
    throw new SecretNotFoundError(request.name);
  }

  async bulkGetSecret(_metadata: Record<string, string>, _signal: AbortSignal): Promise<Record<string, Secret>> {
    const out: Record<string, Secret> = {};
    const prefix = this.prefix.toLowerCase();
    for (const [name, value] of Object.entries(this.env)) {
      if (value === undefined || Hidden.has(name.toUpperCase()) || !name.toLowerCase().startsWith(prefix)) continue;
      const short = name.slice(this.prefix.length);
      if (short !== '') out[short] = { [short]: value };
    }
    return out;
  }

  async close(): Promise<void> {
    // Nothing held.
  }
}
