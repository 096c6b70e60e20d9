export class StackDepthError extends Error {
  override readonly name = 'StackDepthError';
  readonly maxDepth: number;
  constructor(maxDepth: number) {
    super(`maximum stack depth exceeded (${maxDepth})`);
    this.maxDepth = maxDepth;
  }
}

interface Holder {
  reentrancyId: string | undefined;
  depth: number;
}

interface Queued {
  reentrancyId: string | undefined;
  grant: () => void;
  reject: (err: Error) => void;
}

export type Release = () => void;

/**
 * One actor's turn: calls run one at a time, first come first served. A call carrying the
 * reentrancy id of the turn in progress is part of that turn (A → B → A) and enters at once,
 * up to `maxStackDepth` nested levels; without reentrancy such a call would wait for itself.
 */
export class TurnLock {
  private holder: Holder | undefined;
  private readonly queue: Queued[] = [];

  /** True while a turn runs or calls wait. */
  get busy(): boolean {
    return this.holder !== undefined || this.queue.length > 0;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async acquire(reentrancyId: string | undefined, maxStackDepth: number, signal?: AbortSignal): Promise<Release> {
    signal?.throwIfAborted();
    const holder = this.holder;
    if (holder && reentrancyId !== undefined && holder.reentrancyId === reentrancyId) {
      if (holder.depth >= maxStackDepth) throw new StackDepthError(maxStackDepth);
      holder.depth++;
      return once(() => this.leave());
    }
    if (!holder) {
      this.holder = { reentrancyId, depth: 1 };
      return once(() => this.leave());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('actor call cancelled'));
      };
      const entry: Queued = {
        reentrancyId,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(once(() => this.leave()));
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  private leave(): void {
    const holder = this.holder;
    if (!holder) return;
    holder.depth--;
    if (holder.depth > 0) return;
    const next = this.queue.shift();
    this.holder = next ? { reentrancyId: next.reentrancyId, depth: 1 } : undefined;
    next?.grant();
  }
}

function once(fn: () => void): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
