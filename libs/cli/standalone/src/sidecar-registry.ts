import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The registry file daprd writes per running sidecar (`<namespace>.<app-id>.<pid>.json`). */
export interface RegisteredSidecar {
  appId: string;
  namespace: string;
  httpPort: number;
  grpcPort: number;
  appPort?: number;
  /** daprd's pid. */
  pid: number;
  startedAt: string;
}

/** A running sidecar plus what the CLI that started it recorded in its `extended` metadata. */
export interface SidecarInfo extends RegisteredSidecar {
  appCommand: string;
  appPid: number | undefined;
  cliPid: number | undefined;
  runTemplatePath: string;
  runTemplateName: string;
}

/** Keys the CLI writes with `PUT /v1.0/metadata/<key>` after start; mirrors the Go CLI's names. */
export const ExtendedKey = {
  AppCommand: 'appCommand',
  AppPid: 'appPID',
  CliPid: 'cliPID',
  RunTemplatePath: 'runTemplatePath',
  RunTemplateName: 'runTemplateName',
} as const;
export type ExtendedKey = (typeof ExtendedKey)[keyof typeof ExtendedKey];

/** Whether a process with this pid exists (EPERM: it does, owned by someone else); a zombie does not count. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Linux: an exited process its parent has not reaped yet (state Z in /proc/<pid>/stat). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may itself contain spaces or ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

function isRegisteredSidecar(value: unknown): value is RegisteredSidecar {
  const v = value as Partial<RegisteredSidecar> | null;
  return typeof v === 'object' && v !== null && typeof v.appId === 'string' && typeof v.pid === 'number' && typeof v.httpPort === 'number' && typeof v.grpcPort === 'number';
}

/**
 * Sidecars in the registry folder whose daprd process still runs, oldest first. Stale files are
 * skipped, not removed: daprd's resolver owns the folder's cleanup.
 */
export async function readRegistry(registryDir: string, signal: AbortSignal): Promise<RegisteredSidecar[]> {
  let names: string[];
  try {
    names = await readdir(registryDir);
  } catch {
    return [];
  }
  const found: RegisteredSidecar[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    signal.throwIfAborted();
    try {
      const parsed: unknown = JSON.parse(await readFile(join(registryDir, name), 'utf8'));
      if (isRegisteredSidecar(parsed) && isProcessAlive(parsed.pid)) found.push(parsed);
    } catch {
      // Half-written or foreign file: not a sidecar.
    }
  }
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** `extended` of a sidecar's metadata, or {} when it does not answer in time. */
export async function fetchExtendedMetadata(httpPort: number, signal: AbortSignal, apiToken?: string): Promise<Record<string, string>> {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/v1.0/metadata`, {
      headers: apiToken ? { 'dapr-api-token': apiToken } : {},
      signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]),
    });
    if (!res.ok) return {};
    const body = (await res.json()) as { extended?: Record<string, string> };
    return body.extended ?? {};
  } catch {
    return {};
  }
}

function pidOf(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Every running sidecar with the CLI-recorded details (`dapr list`'s data). */
export async function listSidecars(registryDir: string, signal: AbortSignal, apiToken?: string): Promise<SidecarInfo[]> {
  const registered = await readRegistry(registryDir, signal);
  return Promise.all(
    registered.map(async (sidecar) => {
      const ext = await fetchExtendedMetadata(sidecar.httpPort, signal, apiToken);
      return {
        ...sidecar,
        appCommand: ext[ExtendedKey.AppCommand] ?? '',
        appPid: pidOf(ext[ExtendedKey.AppPid]),
        cliPid: pidOf(ext[ExtendedKey.CliPid]),
        runTemplatePath: ext[ExtendedKey.RunTemplatePath] ?? '',
        runTemplateName: ext[ExtendedKey.RunTemplateName] ?? '',
      };
    }),
  );
}
