/**
 * Parses Kubernetes-style quantities as Dapr's `--max-body-size` does (`4Mi`, `512Ki`, `1G`, `1024`).
 * Returns bytes.
 */
const multipliers: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

export function parseByteSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(k|K|M|G|T|Ki|Mi|Gi|Ti)?[bB]?$/.exec(text.trim());
  if (!m) throw new Error(`invalid size "${text}" (expected a number with an optional unit such as 4Mi, 512Ki, 1G)`);
  return Math.floor(Number(m[1]) * (multipliers[m[2] ?? ''] ?? 1));
}
