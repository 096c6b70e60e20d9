import type { Logger } from '@dapr-ts/logger';

/** Builds a fresh, uninitialised component; receives a logger scoped to that component. */
export type ComponentFactory<T> = (logger: Logger) => T;

interface Registration<T> {
  factory: ComponentFactory<T>;
  deprecated: boolean;
}

/** Registration options: `versions` defaults to `['v1']`; a deprecated version warns when used. */
export interface RegisterOptions {
  versions?: readonly string[];
  deprecatedVersions?: readonly string[];
}

/** Empty, `v0` and `v1` name the same version, as in Dapr's registries. */
export function normalizeVersion(version: string | undefined): string {
  const v = (version ?? '').trim().toLowerCase();
  return v === '' || v === 'v0' ? 'v1' : v;
}

/**
 * Component factories of one category, keyed `<category>.<type>/<version>` lower-cased.
 * Mirrors dapr pkg/components/<category>/registry.go, without registration by import side effect.
 */
export class ComponentRegistry<T> {
  private readonly entries = new Map<string, Registration<T>>();

  readonly category: string;

  constructor(category: string) {
    this.category = category;
  }

  /**
   * Registers `type` (e.g. `state.in-memory`). Throws at startup on a duplicate or a type from another
   * category: both are programming errors in the registration table, not user errors.
   */
  register(type: string, factory: ComponentFactory<T>, options: RegisterOptions = {}): void {
    if (!type.toLowerCase().startsWith(`${this.category}.`)) throw new Error(`component type ${type} does not belong to category ${this.category}`);
    const versions = options.versions ?? ['v1'];
    for (const [version, deprecated] of [...versions.map((v) => [v, false] as const), ...(options.deprecatedVersions ?? []).map((v) => [v, true] as const)]) {
      const key = this.key(type, version);
      if (this.entries.has(key)) throw new Error(`component ${key} is registered twice`);
      this.entries.set(key, { factory, deprecated });
    }
  }

  has(type: string, version?: string): boolean {
    return this.entries.has(this.key(type, version));
  }

  /** Creates an instance, or returns undefined when the type/version is not registered. */
  create(type: string, version: string | undefined, logger: Logger): T | undefined {
    const entry = this.entries.get(this.key(type, version));
    if (!entry) return undefined;
    if (entry.deprecated) logger.warn(`component type ${type} version ${normalizeVersion(version)} is deprecated`);
    return entry.factory(logger);
  }

  /** Registered keys, for error messages. */
  types(): string[] {
    return [...this.entries.keys()].sort();
  }

  private key(type: string, version: string | undefined): string {
    return `${type.toLowerCase()}/${normalizeVersion(version)}`;
  }
}
