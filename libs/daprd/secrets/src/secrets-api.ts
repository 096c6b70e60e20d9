import { isSecretNotFoundError, type SecretStore } from '@dapr-ts/components-secretstores';
import { isDaprApiError, messageOf, secretErrors } from '@dapr-ts/daprd-errors';
import { isSecretAllowed, type SecretScopeRule } from './secret-scope';

/** How the secrets API finds stores; the component loader provides it. */
export interface SecretStoreLookup {
  get(name: string): SecretStore | undefined;
  any(): boolean;
}

/** The transport-agnostic secrets API with secret scopes from the Configuration. */
export class SecretsApi {
  private readonly rules = new Map<string, SecretScopeRule>();

  private readonly stores: SecretStoreLookup;

  constructor(stores: SecretStoreLookup, scopes: readonly SecretScopeRule[]) {
    this.stores = stores;
    for (const rule of scopes) this.rules.set(rule.storeName, rule);
  }

  /** The secret's key/value map; undefined when the store has no such secret. */
  async getSecret(req: { storeName: string; key: string; metadata: Record<string, string> }, signal: AbortSignal): Promise<Record<string, string> | undefined> {
    const store = this.store(req.storeName);
    if (!isSecretAllowed(this.rules.get(req.storeName), req.key)) throw secretErrors.permissionDenied(req.key, req.storeName);
    try {
      return await store.getSecret({ name: req.key, metadata: req.metadata }, signal);
    } catch (err) {
      if (isSecretNotFoundError(err)) return undefined;
      if (isDaprApiError(err)) throw err;
      throw secretErrors.get(req.key, req.storeName, messageOf(err), err);
    }
  }

  /** Every secret the scopes allow, by name. */
  async getBulkSecret(req: { storeName: string; metadata: Record<string, string> }, signal: AbortSignal): Promise<Record<string, Record<string, string>>> {
    const store = this.store(req.storeName);
    let all: Record<string, Record<string, string>>;
    try {
      all = await store.bulkGetSecret(req.metadata, signal);
    } catch (err) {
      throw secretErrors.bulkGet(req.storeName, messageOf(err), err);
    }
    const rule = this.rules.get(req.storeName);
    return Object.fromEntries(Object.entries(all).filter(([name]) => isSecretAllowed(rule, name)));
  }

  private store(name: string): SecretStore {
    if (!this.stores.any()) throw secretErrors.notConfigured();
    const store = this.stores.get(name);
    if (!store) throw secretErrors.storeNotFound(name);
    return store;
  }
}
