import type { ComponentMetadata } from '@dapr-ts/components-common';

/** Secret store capabilities, with Dapr's wire strings. */
export const SecretStoreFeature = {
  MultipleKeyValuesPerSecret: 'MULTIPLE_KEY_VALUES_PER_SECRET',
} as const;
export type SecretStoreFeature = (typeof SecretStoreFeature)[keyof typeof SecretStoreFeature];

export interface GetSecretRequest {
  name: string;
  metadata: Record<string, string>;
}

/** A secret is a map of key → value (most stores: one entry, key = the secret's name). */
export type Secret = Record<string, string>;

/** The secret store contract (contrib secretstores/secret_store.go). Methods may run concurrently. */
export interface SecretStore {
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  features(): readonly SecretStoreFeature[];
  /** Throws SecretNotFoundError when the secret does not exist. */
  getSecret(request: GetSecretRequest, signal: AbortSignal): Promise<Secret>;
  /** Every secret, by name. */
  bulkGetSecret(metadata: Record<string, string>, signal: AbortSignal): Promise<Record<string, Secret>>;
  close(): Promise<void>;
}

const notFoundBrand: unique symbol = Symbol.for('dapr-ts.SecretNotFoundError');

export class SecretNotFoundError extends Error {
  readonly [notFoundBrand] = true;
  override readonly name = 'SecretNotFoundError';
  readonly secretName: string;

  constructor(secretName: string) {
    super(`secret ${secretName} not found`);
    this.secretName = secretName;
  }
}

export function isSecretNotFoundError(value: unknown): value is SecretNotFoundError {
  return typeof value === 'object' && value !== null && (value as { [notFoundBrand]?: boolean })[notFoundBrand] === true;
}
