import { randomUUID } from 'node:crypto';
import type { TransactionalStateStore } from '@dapr-ts/components-state';
import { ReminderService, TimerService, type Reminder, type ReminderSpec, type TimerSpec } from '@dapr-ts/daprd-actor-scheduling';
import type { Logger } from '@dapr-ts/logger';
import { configFor, type AppActorConfig, type ActorTypeConfig } from './actor-config';
import { ActorNotHostedError, ActorRefusal, ReentrancyHeader, ReminderCancelHeader, RemoteActorError, type ActorCallRequest, type ActorCallResponse, type RemoteActorInvoker } from './actor-types';
import { ActiveActors, type Activation } from './activation/active-actors';
import type { AppActorChannel } from './app-actor-channel';
import type { PlacementRoundHandler } from './placement/placement-client';
import type { PlacementTable } from './placement/placement-table';
import type { TableGate } from './placement/table-gate';

export interface ActorRuntimeOptions {
  appId: string;
  /** This sidecar's placement host name (`host:internal-port`). */
  hostAddress: string;
  /** Undefined when there is no app: the sidecar only calls actors, it hosts none. */
  app: AppActorChannel | undefined;
  config: AppActorConfig;
  gate: TableGate;
  remote: RemoteActorInvoker;
  /** The state store marked `actorStateStore: "true"`, if any (reminders live there). */
  stateStore: TransactionalStateStore | undefined;
  logger: Logger;
  now?: () => number;
}

/** How often idle actors are looked for, at most (Dapr's actorScanInterval default). */
const MaxScanIntervalMs = 30_000;
/** Attempts to reach an actor whose host moved or died while we called it. */
const MaxRouteAttempts = 6;
/** How often owners re-read the reminders of their types from the store. */
const ReminderRefreshMs = 5_000;
/** How long a call waits for a table that knows its type or a host that replaced a dead one. */
const RerouteWaitMs = 5_000;

/**
 * The actors of one sidecar: routes every call to the owning host by the placement table, runs
 * the turns of the actors this sidecar owns one at a time, activates and deactivates them, and
 * fires their timers and reminders. Rounds from placement drive rebalancing (see
 * {@link PlacementRoundHandler}); nothing runs an actor's turn unless this sidecar owns it under
 * the table in force.
 */
export class ActorRuntime implements PlacementRoundHandler {
  readonly timers: TimerService;
  readonly reminders: ReminderService | undefined;
  private readonly options: ActorRuntimeOptions;
  private readonly actors = new ActiveActors();
  private readonly hosted: Set<string>;
  private readonly now: () => number;
  private scanner: NodeJS.Timeout | undefined;
  private reminderRefresh: NodeJS.Timeout | undefined;
  private queuedRebalances = 0;
  private rebalancing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: ActorRuntimeOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.hosted = new Set(options.app ? options.config.entities : []);
    const log = options.logger;
    // The services hand every fire the same long-lived signal; each fire gets a child of it, because
    // the app call adds an abort listener per request and Node's EventTarget makes adding one cost
    // O(listeners already there): thousands of fires in flight on one signal went quadratic.
    this.timers = new TimerService({ fire: (timer, signal) => this.fireTimer(timer, AbortSignal.any([signal])), logger: log.child({ scope: 'dapr.runtime.actors.timers' }) });
    this.reminders = options.stateStore
      ? new ReminderService({
          store: options.stateStore,
          partitionsFor: (actorType) => this.configOf(actorType).remindersStoragePartitions,
          owns: (actorType, actorId) => this.owns(actorType, actorId),
          fire: (reminder, signal) => this.fireReminder(reminder, AbortSignal.any([signal])),
          logger: log.child({ scope: 'dapr.runtime.actors.reminders' }),
        })
      : undefined;
  }

  /** Actor types this sidecar hosts (reported to placement). */
  hostedTypes(): string[] {
    return [...this.hosted];
  }

  start(): void {
    const idle = Math.min(...[...this.hosted].map((t) => this.configOf(t).idleTimeoutMs), MaxScanIntervalMs * 3);
    const every = Math.max(250, Math.min(MaxScanIntervalMs, Math.floor(idle / 3)));
    this.scanner = setInterval(() => this.deactivateIdle(), every);
    this.scanner.unref();
    if (this.reminders && this.hosted.size > 0) {
      // A reminder registered or deleted through another sidecar lands in the shared store without
      // this owner hearing of it: re-reading the owned types now and then picks it up (a diff; fires
      // already scheduled keep their times).
      this.reminderRefresh = setInterval(() => {
        const table = this.options.gate.latest;
        if (table && this.options.gate.isConnected && this.queuedRebalances === 0) this.rebalanceReminders(table.types().filter((t) => this.hosted.has(t)));
      }, ReminderRefreshMs);
      this.reminderRefresh.unref();
    }
  }

  /** True when this sidecar owns the actor under the latest table. */
  owns(actorType: string, actorId: string): boolean {
    return this.hosted.has(actorType) && this.options.gate.latest?.lookup(actorType, actorId)?.address === this.options.hostAddress;
  }

  activeCounts(): { type: string; count: number }[] {
    return this.actors.countsByType();
  }

  /**
   * Calls an actor wherever it lives. A host that no longer owns the actor, or that died, makes
   * the call wait for the next table and go again: the actor is re-activated on its new owner.
   */
  async call(request: ActorCallRequest, signal: AbortSignal): Promise<ActorCallResponse> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new ActorRuntimeClosedError();
      const table = await this.options.gate.open(signal);
      const target = table.lookup(request.actorType, request.actorId);
      if (!target) {
        // The host of a new type may still be joining: one table's wait, then a clear error.
        if (attempt === 1 && (await this.options.gate.newerThan(table.version, RerouteWaitMs))) continue;
        throw new ActorTypeUnknownError(request.actorType, request.actorId);
      }
      try {
        if (target.address === this.options.hostAddress) return await this.callLocal(request, signal);
        return await this.options.remote.callActor(target.address, request, signal);
      } catch (err) {
        if (!isReroutable(err) || attempt >= MaxRouteAttempts || signal.aborted) throw err;
        this.options.logger.debug(`actor ${request.actorType}/${request.actorId} not reachable at ${target.address} (${(err as Error).message}); waiting for a newer table`);
        await this.options.gate.newerThan(table.version, RerouteWaitMs);
      }
    }
  }

  /** Runs a call on an actor this sidecar owns (from our API or from `CallActor`). */
  async callLocal(request: ActorCallRequest, signal: AbortSignal): Promise<ActorCallResponse> {
    await this.options.gate.open(signal);
    return this.options.gate.track(async () => (await this.turn(request, signal)) as ActorCallResponse);
  }

  // --- timers and reminders -------------------------------------------------------------------

  createTimer(spec: TimerSpec): void {
    this.requireOwned(spec.actorType, spec.actorId);
    this.actors.getOrCreate(spec.actorType, spec.actorId, this.now());
    this.timers.create(spec);
  }

  deleteTimer(actorType: string, actorId: string, name: string): void {
    this.timers.delete(actorType, actorId, name);
  }

  /** True when this sidecar hosts the type (reminder operations are only allowed there). */
  hostsType(actorType: string): boolean {
    return this.hosted.has(actorType);
  }

  async createReminder(spec: ReminderSpec): Promise<void> {
    await this.requireReminders().create(spec);
  }

  async getReminder(actorType: string, actorId: string, name: string): Promise<Reminder | undefined> {
    return this.requireReminders().get(actorType, actorId, name);
  }

  async listReminders(actorType: string, actorId?: string): Promise<Reminder[]> {
    return this.requireReminders().list(actorType, actorId);
  }

  async deleteReminder(actorType: string, actorId: string, name: string): Promise<void> {
    await this.requireReminders().delete(actorType, actorId, name);
  }

  async deleteRemindersByType(actorType: string, actorId?: string): Promise<number> {
    return this.requireReminders().deleteByType(actorType, actorId);
  }

  /** Throws ActorNotHostedError unless this sidecar owns the actor now. */
  requireOwned(actorType: string, actorId: string): void {
    if (!this.owns(actorType, actorId)) throw new ActorNotHostedError(actorType, actorId);
  }

  // --- placement rounds -----------------------------------------------------------------------

  async onLock(): Promise<void> {
    // Running turns finish before we acknowledge; calls arriving now wait at the gate.
    const longest = Math.max(0, ...[...this.hosted].map((t) => this.configOf(t).drainOngoingCallTimeoutMs));
    const drained = await this.options.gate.drain(longest);
    if (!drained) this.options.logger.warn(`${this.options.gate.inFlight} actor call(s) still running after ${longest} ms; continuing the placement round`);
  }

  async onUpdate(table: PlacementTable): Promise<void> {
    const moved = this.actors.all().filter((a) => table.lookup(a.actorType, a.actorId)?.address !== this.options.hostAddress);
    if (moved.length > 0) this.options.logger.info(`deactivating ${moved.length} actor(s) that moved to other hosts (table version ${table.version})`);
    await Promise.all(moved.map((a) => this.deactivate(a, 'rebalanced')));
    this.rebalanceReminders(table.types().filter((t) => this.hosted.has(t)));
  }

  async onDisconnect(): Promise<void> {
    const all = this.actors.all();
    if (all.length > 0) this.options.logger.warn(`placement lost: deactivating ${all.length} local actor(s)`);
    await Promise.all(all.map((a) => this.deactivate(a, 'placement lost')));
    this.rebalanceReminders([]);
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearInterval(this.scanner);
    clearInterval(this.reminderRefresh);
    this.options.gate.close(new ActorRuntimeClosedError());
    await Promise.all([this.timers.stop(), this.reminders?.stop(), this.rebalancing]);
    await Promise.all(this.actors.all().map((a) => this.deactivate(a, 'shutdown')));
  }

  // --- internals ------------------------------------------------------------------------------

  /**
   * One turn on an owned actor. With `onlyIfActive` (timers) an actor that is not active, or was
   * deactivated while the call queued, is left alone: undefined, nothing called.
   */
  private async turn(request: ActorCallRequest, signal: AbortSignal, onlyIfActive = false): Promise<ActorCallResponse | undefined> {
    const { actorType, actorId } = request;
    const app = this.options.app;
    if (!app || !this.owns(actorType, actorId)) throw new ActorNotHostedError(actorType, actorId);
    const config = this.configOf(actorType);
    const reentrancyId = config.reentrancy.enabled ? (request.headers[ReentrancyHeader]?.[0] ?? randomUUID()) : undefined;
    let activation: Activation;
    let release: () => void;
    for (;;) {
      const existing = onlyIfActive ? this.actors.get(actorType, actorId) : this.actors.getOrCreate(actorType, actorId, this.now());
      if (!existing) return undefined;
      activation = existing;
      release = await activation.lock.acquire(reentrancyId, config.reentrancy.maxStackDepth, signal);
      if (!activation.deactivated) break;
      release();
      if (onlyIfActive) return undefined;
    }
    try {
      // Ownership again: the table may have changed while we queued for the turn.
      if (!this.owns(actorType, actorId)) throw new ActorNotHostedError(actorType, actorId);
      activation.lastUsed = this.now();
      const headers = reentrancyId === undefined ? request.headers : { ...request.headers, [ReentrancyHeader]: [reentrancyId] };
      return await app.callMethod(actorType, actorId, request.method, request.data, headers, signal);
    } finally {
      activation.lastUsed = this.now();
      release();
    }
  }

  private async fireTimer(timer: TimerSpec, signal: AbortSignal): Promise<void> {
    if (!this.actors.get(timer.actorType, timer.actorId)) return;
    const body = { callback: timer.callback ?? '', data: timer.data ?? null, dueTime: timer.dueTime ?? '', period: timer.period ?? '' };
    const request = { actorType: timer.actorType, actorId: timer.actorId, method: `timer/${encodeURIComponent(timer.name)}`, data: Buffer.from(JSON.stringify(body)), headers: {} };
    await this.options.gate.open(signal);
    // A timer never re-activates its actor: it died with the activation it belonged to.
    const response = await this.options.gate.track(() => this.turn(request, signal, true));
    if (response && response.status !== 200) throw new Error(`timer ${timer.name} of ${timer.actorType}/${timer.actorId}: app answered ${response.status}`);
  }

  private async fireReminder(reminder: Reminder, signal: AbortSignal): Promise<'ok' | 'cancel' | 'not-owned'> {
    if (!this.owns(reminder.actorType, reminder.actorId)) return 'not-owned';
    const body = { dueTime: reminder.dueTime ?? '', period: reminder.period ?? '', data: reminder.data ?? null };
    let response: ActorCallResponse;
    try {
      response = await this.callLocal({ actorType: reminder.actorType, actorId: reminder.actorId, method: `remind/${encodeURIComponent(reminder.name)}`, data: Buffer.from(JSON.stringify(body)), headers: {} }, signal);
    } catch (err) {
      if (err instanceof ActorNotHostedError) return 'not-owned';
      throw err;
    }
    if (response.status !== 200) throw new Error(`reminder ${reminder.name} of ${reminder.actorType}/${reminder.actorId}: app answered ${response.status}`);
    return response.headers[ReminderCancelHeader]?.[0]?.toLowerCase() === 'true' ? 'cancel' : 'ok';
  }

  private deactivateIdle(): void {
    const now = this.now();
    for (const activation of this.actors.all()) {
      if (activation.lock.busy || now - activation.lastUsed < this.configOf(activation.actorType).idleTimeoutMs) continue;
      void this.deactivateWhenFree(activation);
    }
  }

  /** Idle deactivation takes the actor's turn, so a call arriving meanwhile waits and then re-activates it. */
  private async deactivateWhenFree(activation: Activation): Promise<void> {
    const release = await activation.lock.acquire(undefined, 1);
    try {
      if (activation.deactivated || this.now() - activation.lastUsed < this.configOf(activation.actorType).idleTimeoutMs) return;
      await this.deactivate(activation, 'idle');
    } finally {
      release();
    }
  }

  private async deactivate(activation: Activation, reason: string): Promise<void> {
    if (activation.deactivated) return;
    this.actors.remove(activation);
    this.timers.deleteForActor(activation.actorType, activation.actorId);
    const app = this.options.app;
    if (!app) return;
    try {
      const status = await app.deactivate(activation.actorType, activation.actorId);
      if (status >= 300) this.options.logger.debug(`app answered ${status} to deactivating ${activation.actorType}/${activation.actorId} (${reason})`);
    } catch (err) {
      this.options.logger.warn(`deactivating ${activation.actorType}/${activation.actorId} (${reason}) failed: ${(err as Error).message}`);
    }
  }

  private rebalanceReminders(types: string[]): void {
    const reminders = this.reminders;
    if (!reminders) return;
    this.queuedRebalances++;
    this.rebalancing = this.rebalancing
      .then(() => reminders.rebalance(types))
      .catch((err: unknown) => this.options.logger.error(`loading reminders failed: ${(err as Error).message}`))
      .finally(() => this.queuedRebalances--);
  }

  private requireReminders(): ReminderService {
    if (!this.reminders) throw new NoActorStateStoreError();
    return this.reminders;
  }

  private configOf(actorType: string): ActorTypeConfig {
    return configFor(this.options.config, actorType);
  }
}

export class ActorRuntimeClosedError extends Error {
  override readonly name = 'ActorRuntimeClosedError';
  constructor() {
    super('actor runtime is closed');
  }
}

export class ActorTypeUnknownError extends Error {
  override readonly name = 'ActorTypeUnknownError';
  readonly actorType: string;
  readonly actorId: string;
  constructor(actorType: string, actorId: string) {
    super(`did not find address for actor ${actorType}/${actorId}`);
    this.actorType = actorType;
    this.actorId = actorId;
  }
}

export class NoActorStateStoreError extends Error {
  override readonly name = 'NoActorStateStoreError';
  constructor() {
    super('no state store with actorStateStore: "true" is configured');
  }
}

function isReroutable(err: unknown): boolean {
  if (err instanceof ActorNotHostedError) return true;
  return err instanceof RemoteActorError && (err.code === ActorRefusal.NotHosted || err.code === ActorRefusal.Unavailable);
}
