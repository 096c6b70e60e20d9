import { MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { SecretNotFoundError, type GetSecretRequest, type Secret, type SecretStore, type SecretStoreFeature } from '@dapr-ts/components-secretstores';
import { nopLogger, type Logger } from '@dapr-ts/logger';

/** Constructor options; everything is optional so the registry can call `new LocalEnvSecretStore()`. */
export interface LocalEnvSecretStoreOptions {
  /** The variables to serve, read on every call. Default `process.env`; tests inject a record. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Component-scoped logger. Default: a nop logger. */
  logger?: Logger;
}

/**
 * Whether a variable may be handed out. The sidecar's own credentials never are: `DAPR_API_TOKEN`
 * guards the sidecar's API and `APP_API_TOKEN` is what the sidecar presents to the app, so an app
 * (or anyone it lets read secrets) that could fetch them could impersonate either side. Like
 * contrib's isKeyAllowed we refuse every `DAPR_` variable, not just the token, and compare
 * case-insensitively. A refused variable looks exactly like a missing one.
 */
function isExposable(variable: string): boolean {
  const upper = variable.toUpperCase();
  return upper !== 'APP_API_TOKEN' && !upper.startsWith('DAPR_');
}

/**
 * `secretstores.local.env`: environment variables as secrets, for local development (contrib
 * secretstores/local/env). With metadata `prefix`, only variables whose names start with it
 * (compared case-insensitively) are visible, and the prefix is stripped from the names returned:
 * with `prefix: MYAPP_`, secret `DB` is variable `MYAPP_DB`. The rest of the name is matched
 * exactly, as environment lookups are on Linux.
 *
 * Differences from contrib: a missing variable is a SecretNotFoundError (Dapr returns an empty
 * value), and the prefix matches case-insensitively on every OS (Dapr: only on Windows).
 */
export class LocalEnvSecretStore implements SecretStore {
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly logger: Logger;
  private prefix = '';

  constructor(options: LocalEnvSecretStoreOptions = {}) {
    this.env = options.env ?? process.env;
    this.logger = options.logger ?? nopLogger();
  }

  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.prefix = new MetadataReader(metadata.properties).string('prefix', '');
  }

  features(): readonly SecretStoreFeature[] {
    return [];
  }

  /** `{ <name>: <value> }` for variable prefix+name; SecretNotFoundError when it is absent or refused. */
  async getSecret(request: GetSecretRequest, signal: AbortSignal): Promise<Secret> {
    signal.throwIfAborted();
    const value = request.name === '' ? undefined : this.visible().get(request.name);
    if (value !== undefined) return { [request.name]: value };
    if (!isExposable(this.prefix + request.name)) this.logger.warn(`Access to env var ${request.name} is forbidden`);
    throw new SecretNotFoundError(request.name);
  }

  /** Every visible variable as `{ NAME: { NAME: value } }`, names without the prefix. */
  async bulkGetSecret(_metadata: Record<string, string>, signal: AbortSignal): Promise<Record<string, Secret>> {
    signal.throwIfAborted();
    return Object.fromEntries([...this.visible()].map(([short, value]) => [short, { [short]: value }]));
  }

  async close(): Promise<void> {
    // Nothing is held.
  }

  /**
   * Name without the prefix → value, for each exposable variable matching the prefix. When two
   * variables differ only in the prefix's case, the one spelled exactly like the prefix wins.
   */
  private visible(): Map<string, string> {
    const lower = this.prefix.toLowerCase();
    const exact = new Map<string, string>();
    const other = new Map<string, string>();
    for (const [variable, value] of Object.entries(this.env)) {
      if (value === undefined || variable.length <= this.prefix.length || !isExposable(variable)) continue;
      const head = variable.slice(0, this.prefix.length);
      if (head === this.prefix) exact.set(variable.slice(this.prefix.length), value);
      else if (head.toLowerCase() === lower) other.set(variable.slice(this.prefix.length), value);
    }
    for (const [name, value] of other) if (!exact.has(name)) exact.set(name, value);
    return exact;
  }
}
