import type { ComponentMetadata } from '@dapr-ts/components-common';

/** What every component contract shares: init with metadata, close. */
export interface Lifecycle {
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates and initialises one component for a conformance `describe` block (beforeAll), closes
 * it afterwards (afterAll), and returns an accessor that fails loudly outside the block's tests.
 */
export function componentUnderTest<T extends Lifecycle>(config: { name: string; create: () => T; metadata: Record<string, string> }, signal: AbortSignal): () => T {
  let current: T | undefined;
  beforeAll(async () => {
    const created = config.create();
    await created.init({ name: config.name, properties: { ...config.metadata } }, signal);
    current = created;
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error(`conformance: store ${config.name} used outside a test`);
    return current;
  };
}
