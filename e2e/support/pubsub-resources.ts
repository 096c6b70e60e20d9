import { DefaultResources } from './sidecar-pair';

/** The in-memory pub/sub exactly as Dapr's docs define it, plus the default state store. */
export const PubSubResources = {
  ...DefaultResources,
  'pubsub.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.in-memory
  version: v1
  metadata: []
`,
};

/** Polls until `check` returns true or the timeout passes (then fails with `what`). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
