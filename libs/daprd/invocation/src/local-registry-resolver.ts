import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { NameResolver, SidecarInstance } from './name-resolver';

/** How long a resolved address list is reused before the registry folder is read again. */
const CacheTtlMs = 2000;

/**
 * Standalone name resolution through a registry folder: each sidecar writes one JSON file
 * `<namespace>.<app-id>.<pid>.json`; resolving lists the folder and keeps files whose process lives.
 * Chosen over mDNS because it works in sandboxes and containers without multicast, needs no
 * server, and doubles as the process table `dapr list` reads.
 */
export class LocalRegistryResolver implements NameResolver {
  private own: string | undefined;
  private readonly cache = new Map<string, { at: number; addresses: string[]; next: number }>();

  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async register(instance: SidecarInstance): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${instance.namespace}.${instance.appId}.${instance.pid}.json`);
    // Write then rename, so a reader never sees half a file.
    await writeFile(`${file}.tmp`, JSON.stringify(instance, null, 2));
    await rename(`${file}.tmp`, file);
    this.own = file;
  }

  async resolve(appId: string, namespace: string): Promise<string | undefined> {
    const key = `${namespace}.${appId}`;
    let entry = this.cache.get(key);
    if (!entry || Date.now() - entry.at > CacheTtlMs) {
      const instances = await this.list(namespace, appId);
      entry = { at: Date.now(), addresses: instances.map((i) => `${i.host}:${i.internalPort}`), next: 0 };
      this.cache.set(key, entry);
    }
    if (entry.addresses.length === 0) return undefined;
    const address = entry.addresses[entry.next % entry.addresses.length];
    entry.next++;
    return address;
  }

  invalidate(appId: string, namespace: string): void {
    this.cache.delete(`${namespace}.${appId}`);
  }

  /** Every live instance in the registry, optionally filtered; stale files are removed. */
  async list(namespace?: string, appId?: string): Promise<SidecarInstance[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const prefix = namespace !== undefined && appId !== undefined ? `${namespace}.${appId}.` : '';
    const found: SidecarInstance[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || !name.startsWith(prefix)) continue;
      const file = join(this.dir, name);
      try {
        const instance = JSON.parse(await readFile(file, 'utf8')) as SidecarInstance;
        if (prefix !== '' && (instance.appId !== appId || instance.namespace !== namespace)) continue;
        if (!isAlive(instance.pid)) {
          await rm(file, { force: true });
          continue;
        }
        found.push(instance);
      } catch {
        // A file being replaced or a foreign file: skip it.
      }
    }
    return found;
  }

  async close(): Promise<void> {
    if (this.own) await rm(this.own, { force: true });
    this.own = undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
