import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DaprPaths } from './dapr-paths';

/** One file `dapr init` manages, and whether this run wrote it (false: it existed and was kept). */
export interface InitFile {
  path: string;
  written: boolean;
}

/** The default components: in-memory, so a first `dapr run` needs no server (slim mode). */
export const DefaultComponents = [
  { file: 'statestore.yaml', name: 'statestore', type: 'state.in-memory', metadata: { actorStateStore: 'true' } },
  { file: 'pubsub.yaml', name: 'pubsub', type: 'pubsub.in-memory', metadata: {} },
] as const;

function componentYaml(name: string, type: string, metadata: Readonly<Record<string, string>>): string {
  const entries = Object.entries(metadata);
  const md = entries.length === 0 ? '' : `  metadata:\n${entries.map(([k, v]) => `  - name: ${k}\n    value: "${v}"\n`).join('')}`;
  return `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n${md}`;
}

/** `dapr init --redis`: what Dapr's own init writes, against the Redis the user named. */
export function redisComponents(redisHost: string): { file: string; name: string; type: string; metadata: Record<string, string> }[] {
  return [
    { file: 'statestore.yaml', name: 'statestore', type: 'state.redis', metadata: { redisHost, redisPassword: '', actorStateStore: 'true' } },
    { file: 'pubsub.yaml', name: 'pubsub', type: 'pubsub.redis', metadata: { redisHost, redisPassword: '' } },
  ];
}

export interface InitOptions {
  /** Write Redis components for this `host:port` instead of the in-memory ones. */
  redisHost?: string;
}

// Slim init writes no tracing section: there is no zipkin container to send spans to.
const ConfigYaml = 'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: daprConfig\nspec: {}\n';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * `dapr init` (standalone, slim): creates `~/.dapr/components` with the default components (in
 * memory, or Redis with `--redis`) and `~/.dapr/config.yaml`. Idempotent: files that exist are
 * kept, so user edits survive a re-init.
 */
export async function initStandalone(paths: DaprPaths, signal: AbortSignal, options: InitOptions = {}): Promise<InitFile[]> {
  await mkdir(paths.componentsDir, { recursive: true });
  const components = options.redisHost !== undefined ? redisComponents(options.redisHost) : DefaultComponents;
  const files: { path: string; text: string }[] = [
    ...components.map((c) => ({ path: join(paths.componentsDir, c.file), text: componentYaml(c.name, c.type, c.metadata) })),
    { path: paths.configFile, text: ConfigYaml },
  ];
  const result: InitFile[] = [];
  for (const file of files) {
    signal.throwIfAborted();
    if (await exists(file.path)) {
      result.push({ path: file.path, written: false });
      continue;
    }
    await writeFile(file.path, file.text, { signal });
    result.push({ path: file.path, written: true });
  }
  return result;
}

/** `dapr uninstall`: removes `~/.dapr`. Resolves false when there was nothing to remove. */
export async function uninstallStandalone(paths: DaprPaths, signal: AbortSignal): Promise<boolean> {
  signal.throwIfAborted();
  if (!(await exists(paths.daprDir))) return false;
  await rm(paths.daprDir, { recursive: true, force: true });
  return true;
}
