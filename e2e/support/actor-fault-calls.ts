/** How one actor call through daprd's HTTP API ended. */
export interface CallOutcome {
  actorId: string;
  /** Epoch ms when the call was sent. */
  at: number;
  /** Wall time of the call, ms. */
  ms: number;
  /** The app's 200 answer came back. */
  ok: boolean;
  /** HTTP status; 0 when there was no response. */
  status: number;
  body: string;
  /** Dapr's `errorCode` of an error answer, if it had one. */
  errorCode?: string;
  /** Dapr's `message` of an error answer. */
  message?: string;
  /** No answer within the bound: the call was aborted. */
  hung: boolean;
  /** The request failed below HTTP (connection refused or reset). */
  transportError?: string;
}

/** `PUT /v1.0/actors/<type>/<id>/method/<method>` with the JSON arguments, aborted after `boundMs`. */
export async function callActor(httpPort: number, actorType: string, actorId: string, method: string, args: unknown[], boundMs: number): Promise<CallOutcome> {
  const at = Date.now();
  const url = `http://127.0.0.1:${httpPort}/v1.0/actors/${actorType}/${encodeURIComponent(actorId)}/method/${method}`;
  try {
    const res = await fetch(url, { method: 'PUT', body: JSON.stringify(args), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(boundMs) });
    const body = await res.text();
    const outcome: CallOutcome = { actorId, at, ms: Date.now() - at, ok: res.status === 200, status: res.status, body, hung: false };
    if (!outcome.ok) Object.assign(outcome, daprError(body));
    return outcome;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const hung = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { actorId, at, ms: Date.now() - at, ok: false, status: 0, body: '', hung, ...(hung ? {} : { transportError: e.cause?.code ?? e.message }) };
  }
}

function daprError(body: string): { errorCode?: string; message?: string } {
  try {
    const parsed = JSON.parse(body) as { errorCode?: unknown; message?: unknown };
    return {
      ...(typeof parsed.errorCode === 'string' ? { errorCode: parsed.errorCode } : {}),
      ...(typeof parsed.message === 'string' ? { message: parsed.message } : {}),
    };
  } catch {
    return {};
  }
}

/** A failure answered the way Dapr answers: an `ERR_…` code and a message saying what went wrong. */
export function isClearDaprError(outcome: CallOutcome): boolean {
  return !outcome.ok && !outcome.hung && outcome.status >= 400 && /^ERR_[A-Z_]+$/.test(outcome.errorCode ?? '') && (outcome.message ?? '').length > 0;
}

/** Outcomes grouped for failure messages: `ok`, error codes, `hung`, transport errors, with counts. */
export function summarize(outcomes: readonly CallOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.ok ? 'ok' : o.hung ? 'hung' : (o.errorCode ?? (o.transportError ? `transport ${o.transportError}` : `status ${o.status}`));
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** One line for the test log: outcome counts, the distinct error messages and the longest call. */
export function describeOutcomes(outcomes: readonly CallOutcome[]): string {
  const messages = [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.message ?? o.transportError ?? `status ${o.status}`))];
  return `${outcomes.length} calls ${JSON.stringify(summarize(outcomes))}, longest ${Math.max(0, ...outcomes.map((o) => o.ms))} ms${messages.length ? `, errors: ${messages.join(' | ')}` : ''}`;
}

/**
 * Keeps `workers` callers busy, each calling the next actor id of `ids` in turn as soon as its
 * previous call ended, until {@link stop}. Every outcome is kept.
 */
export class ActorCallLoad {
  readonly outcomes: CallOutcome[] = [];
  private running = false;
  private next = 0;
  private workers: Promise<void>[] = [];
  private readonly call: (actorId: string) => Promise<CallOutcome>;
  private readonly ids: readonly string[];
  private readonly concurrency: number;

  constructor(ids: readonly string[], concurrency: number, call: (actorId: string) => Promise<CallOutcome>) {
    this.ids = ids;
    this.concurrency = concurrency;
    this.call = call;
  }

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.concurrency }, () => this.work());
  }

  async stop(): Promise<CallOutcome[]> {
    this.running = false;
    await Promise.all(this.workers);
    return this.outcomes;
  }

  /** Outcomes of calls sent at or after `since` (epoch ms). */
  since(since: number): CallOutcome[] {
    return this.outcomes.filter((o) => o.at >= since);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const actorId = this.ids[this.next++ % this.ids.length] as string;
      this.outcomes.push(await this.call(actorId));
    }
  }
}

/** Polls `check` until it returns true; fails naming `what` (and `detail()` if given) after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000, detail?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
