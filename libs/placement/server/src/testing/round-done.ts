import type { RawSidecar } from './raw-sidecar';

/** Waits until every sidecar received the unlock of `version`, i.e. that round is over for them. */
export async function roundDoneFor(version: number, ...sidecars: RawSidecar[]): Promise<void> {
  for (const s of sidecars) await s.waitForOrder(`unlock@${version}`, (o) => o.operation === 'unlock' && o.version === version);
}
