import { watch, type FSWatcher } from 'node:fs';

/** Folders whose changes never restart an app: dependencies, VCS, our own logs, build output. */
const Ignored = /(^|[/\\])(node_modules|\.git|\.dapr|dist|tmp|coverage)([/\\]|$)|(^|[/\\])\.[^/\\]+$/;

export function isIgnoredChange(relativePath: string): boolean {
  return Ignored.test(relativePath);
}

/**
 * Watches a folder tree and calls `onChange` once per burst of changes (editors write a file in
 * several steps), with the first changed path. `close()` stops watching.
 */
export function watchSources(dir: string, onChange: (file: string) => void, debounceMs = 300): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let first: string | undefined;
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    const name = file === null ? '' : String(file);
    if (!name || isIgnoredChange(name)) return;
    first ??= name;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = first as string;
      first = undefined;
      onChange(changed);
    }, debounceMs);
  });
  watcher.on('error', () => undefined);
  return {
    close(): void {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
