import { isTransactionalStateStore, type StateStore, type TransactionOperation } from '@dapr-ts/components-state';
import { DurationError, type Reminder } from '@dapr-ts/daprd-actor-scheduling';
import { actorErrors, isDaprApiError, messageOf, type DaprApiError } from '@dapr-ts/daprd-errors';
import type { HeaderMap } from '@dapr-ts/daprd-invocation';
import { ActorRuntimeClosedError, ActorTypeUnknownError, NoActorStateStoreError, type ActorRuntime } from './actor-runtime';
import { ActorErrorHeader, ActorNotHostedError, ActorRefusal, RemoteActorError, type ActorCallResponse } from './actor-types';
import { PlacementUnavailableError } from './placement/table-gate';
import { StackDepthError } from './turns/turn-lock';

export interface ActorInvokeMessage {
  actorType: string;
  actorId: string;
  method: string;
  data: Buffer;
  headers: HeaderMap;
}

export interface ActorStateOperation {
  operation: string;
  key: string;
  /** Upserts: the bytes to store (HTTP: the JSON text of `value`; gRPC: the Any's bytes). */
  value?: Buffer;
  metadata: Record<string, string>;
}

/** A reminder registration, as both transports decode it. */
export interface ReminderMessage {
  actorType: string;
  actorId: string;
  name: string;
  dueTime: string;
  period: string;
  ttl: string;
  data: unknown;
}

/** A timer registration: a reminder's fields plus the actor method the app calls back. */
export interface TimerMessage extends ReminderMessage {
  callback: string;
}

/**
 * The app answered the actor call with an error it marked as an actor error
 * (`X-Daprerrorresponseheader`): its status, headers and body go back to the caller unchanged.
 */
export class ActorAppError extends Error {
  override readonly name = 'ActorAppError';
  readonly response: ActorCallResponse;
  constructor(response: ActorCallResponse) {
    super(`actor returned an error (status ${response.status})`);
    this.response = response;
  }
}

export interface ActorsApiOptions {
  appId: string;
  /** Undefined while actors are disabled (no `--placement-host-address`) or still starting. */
  runtime: () => ActorRuntime | undefined;
  /** True when `--placement-host-address` is set: a missing runtime is then still starting. */
  enabled: boolean;
  /** The store marked `actorStateStore: "true"`. */
  stateStore: StateStore | undefined;
}

/**
 * The actor building block behind both transports: validation, Dapr's error codes, the actor
 * state key scheme (`<app-id>||<type>||<id>||<key>`) and the call/timer/reminder plumbing.
 */
export class ActorsApi {
  private readonly options: ActorsApiOptions;

  constructor(options: ActorsApiOptions) {
    this.options = options;
  }

  /** A method call; resolves with the app's 200 answer, throws DaprApiError or ActorAppError. */
  async invoke(message: ActorInvokeMessage, signal: AbortSignal): Promise<ActorCallResponse> {
    requireActor(message.actorType, message.actorId);
    if (!message.method) throw actorErrors.malformed('actor method name is empty');
    const runtime = this.runtime();
    let response: ActorCallResponse;
    try {
      response = await runtime.call(message, signal);
    } catch (err) {
      throw toApiError(err, (detail) => actorErrors.invokeMethod(detail, err));
    }
    if (response.status === 200) return response;
    if (response.headers[ActorErrorHeader] !== undefined) throw new ActorAppError(response);
    throw actorErrors.invokeMethod(`error from actor service: (${response.status}) ${response.data.toString('utf8')}`);
  }

  async getState(actorType: string, actorId: string, key: string, signal: AbortSignal): Promise<Buffer | undefined> {
    requireActor(actorType, actorId);
    const store = this.stateStore();
    this.requireOwned(actorType, actorId);
    try {
      const found = await store.get({ key: this.stateKey(actorType, actorId, key), metadata: {} }, signal);
      return found?.data;
    } catch (err) {
      throw actorErrors.stateGet(messageOf(err), err);
    }
  }

  async executeStateTransaction(actorType: string, actorId: string, operations: ActorStateOperation[], signal: AbortSignal): Promise<void> {
    requireActor(actorType, actorId);
    const store = this.stateStore();
    const ops: TransactionOperation[] = operations.map((op, i) => {
      if (!op.key) throw actorErrors.badStateTransaction(`operation ${i}: key is empty`);
      const key = this.stateKey(actorType, actorId, op.key);
      switch (op.operation) {
        case 'upsert':
          return { operation: 'upsert', request: { key, value: op.value ?? Buffer.from('null'), metadata: op.metadata } };
        case 'delete':
          return { operation: 'delete', request: { key, metadata: op.metadata } };
        default:
          throw actorErrors.badStateTransaction(`operation ${i}: unsupported operation "${op.operation}" (expected upsert or delete)`);
      }
    });
    this.requireOwned(actorType, actorId);
    if (ops.length === 0) return;
    if (!isTransactionalStateStore(store)) throw actorErrors.runtimeNotFound();
    try {
      await store.multi({ operations: ops, metadata: {} }, signal);
    } catch (err) {
      throw actorErrors.stateTransaction(messageOf(err), err);
    }
  }

  registerTimer(timer: TimerMessage): void {
    requireActor(timer.actorType, timer.actorId);
    if (!timer.name) throw actorErrors.badTimer('timer name is empty');
    const runtime = this.runtime();
    try {
      runtime.createTimer({ actorType: timer.actorType, actorId: timer.actorId, name: timer.name, dueTime: timer.dueTime, period: timer.period, ttl: timer.ttl, callback: timer.callback, data: timer.data });
    } catch (err) {
      if (err instanceof DurationError) throw actorErrors.badTimer(err.message);
      throw toApiError(err, (detail) => actorErrors.timerCreate(detail, err));
    }
  }

  unregisterTimer(actorType: string, actorId: string, name: string): void {
    requireActor(actorType, actorId);
    this.runtime().deleteTimer(actorType, actorId, name);
  }

  async registerReminder(reminder: ReminderMessage): Promise<void> {
    requireActor(reminder.actorType, reminder.actorId);
    if (!reminder.name) throw actorErrors.badReminder('reminder name is empty');
    const runtime = this.hostingRuntime(reminder.actorType);
    try {
      await runtime.createReminder({ actorType: reminder.actorType, actorId: reminder.actorId, name: reminder.name, dueTime: reminder.dueTime, period: reminder.period, ttl: reminder.ttl, data: reminder.data });
    } catch (err) {
      if (err instanceof DurationError) throw actorErrors.badReminder(err.message);
      throw toApiError(err, (detail) => actorErrors.reminderCreate(detail, err));
    }
  }

  async getReminder(actorType: string, actorId: string, name: string): Promise<Reminder> {
    requireActor(actorType, actorId);
    const runtime = this.hostingRuntime(actorType);
    let found: Reminder | undefined;
    try {
      found = await runtime.getReminder(actorType, actorId, name);
    } catch (err) {
      throw toApiError(err, (detail) => actorErrors.reminderGet(detail, err));
    }
    if (!found) throw actorErrors.reminderNotFound(name);
    return found;
  }

  async listReminders(actorType: string, actorId: string | undefined): Promise<Reminder[]> {
    if (!actorType) throw actorErrors.malformed('actor type is empty');
    const runtime = this.hostingRuntime(actorType);
    try {
      return await runtime.listReminders(actorType, actorId || undefined);
    } catch (err) {
      throw toApiError(err, (detail) => actorErrors.reminderGet(detail, err));
    }
  }

  async unregisterReminder(actorType: string, actorId: string, name: string): Promise<void> {
    requireActor(actorType, actorId);
    const runtime = this.hostingRuntime(actorType);
    try {
      await runtime.deleteReminder(actorType, actorId, name);
    } catch (err) {
      throw toApiError(err, (detail) => actorErrors.reminderDelete(detail, err));
    }
  }

  async unregisterRemindersByType(actorType: string, actorId: string | undefined): Promise<number> {
    if (!actorType) throw actorErrors.malformed('actor type is empty');
    const runtime = this.hostingRuntime(actorType);
    try {
      return await runtime.deleteRemindersByType(actorType, actorId || undefined);
    } catch (err) {
      throw toApiError(err, (detail) => actorErrors.reminderDelete(detail, err));
    }
  }

  private stateKey(actorType: string, actorId: string, key: string): string {
    return `${this.options.appId}||${actorType}||${actorId}||${key}`;
  }

  private runtime(): ActorRuntime {
    const runtime = this.options.runtime();
    if (runtime) return runtime;
    if (this.options.enabled) throw actorErrors.noPlacement('the actor runtime is starting: it joins placement once the app is reachable');
    throw actorErrors.notEnabled();
  }

  private hostingRuntime(actorType: string): ActorRuntime {
    const runtime = this.runtime();
    if (!runtime.hostsType(actorType)) throw actorErrors.reminderNonHosted();
    return runtime;
  }

  private stateStore(): StateStore {
    const store = this.options.stateStore;
    if (!store) throw actorErrors.runtimeNotFound();
    return store;
  }

  private requireOwned(actorType: string, actorId: string): void {
    try {
      this.runtime().requireOwned(actorType, actorId);
    } catch (err) {
      if (err instanceof ActorNotHostedError) throw actorErrors.instanceMissing();
      throw err;
    }
  }
}

function requireActor(actorType: string, actorId: string): void {
  if (!actorType) throw actorErrors.malformed('actor type is empty');
  if (!actorId) throw actorErrors.malformed('actor id is empty');
}

/** Runtime failures → Dapr's codes; anything else → the operation's own error. */
function toApiError(err: unknown, otherwise: (detail: string) => DaprApiError): DaprApiError {
  if (isDaprApiError(err)) return err;
  if (err instanceof PlacementUnavailableError) return actorErrors.noPlacement(err.message);
  if (err instanceof ActorTypeUnknownError) return actorErrors.noAddress(err.actorType, err.actorId);
  if (err instanceof ActorRuntimeClosedError) return actorErrors.runtimeClosed();
  if (err instanceof NoActorStateStoreError) return actorErrors.runtimeNotFound();
  if (err instanceof StackDepthError) return actorErrors.stackDepth(err.maxDepth);
  if (err instanceof ActorNotHostedError) return actorErrors.instanceMissing();
  if (err instanceof RemoteActorError && err.code === ActorRefusal.StackDepth) return actorErrors.stackDepth(32);
  return otherwise(messageOf(err));
}
