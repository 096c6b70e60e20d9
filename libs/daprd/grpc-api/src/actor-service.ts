import type { Metadata, UntypedServiceImplementation } from '@grpc/grpc-js';
import { ActorAppError, type ActorsApi } from '@dapr-ts/daprd-actors';
import type { runtimeV1 } from '@dapr-ts/proto';
import { callSignal, unary } from './grpc-handlers';

/**
 * Reminder and timer `data` arrives as bytes; apps receive it inside a JSON body, so JSON bytes
 * are embedded as the value they encode and anything else as its text.
 */
function dataValue(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return null;
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const dataBytes = (value: unknown): Buffer => Buffer.from(value === undefined || value === null ? '' : JSON.stringify(value));

/** The actor methods of `dapr.proto.runtime.v1.Dapr`. */
export function actorServiceMethods(actors: ActorsApi, authorized: (m: Metadata) => boolean): UntypedServiceImplementation {
  const impl: Partial<runtimeV1.DaprServer> = {
    invokeActor: unary(authorized, async (req: runtimeV1.InvokeActorRequest, call) => {
      const headers = Object.fromEntries(Object.entries(req.metadata).map(([k, v]) => [k.toLowerCase(), [v]]));
      try {
        const response = await actors.invoke({ actorType: req.actorType, actorId: req.actorId, method: req.method, data: Buffer.from(req.data), headers }, callSignal(call));
        return { data: response.data };
      } catch (err) {
        // Like Dapr: an error the actor itself answered comes back as the response body.
        if (err instanceof ActorAppError) return { data: err.response.data };
        throw err;
      }
    }),
    getActorState: unary(authorized, async (req: runtimeV1.GetActorStateRequest, call) => ({
      data: (await actors.getState(req.actorType, req.actorId, req.key, callSignal(call))) ?? Buffer.alloc(0),
      metadata: {},
    })),
    executeActorStateTransaction: unary(authorized, async (req: runtimeV1.ExecuteActorStateTransactionRequest, call) => {
      const operations = req.operations.map((op) => ({
        operation: op.operationType,
        key: op.key,
        ...(op.value ? { value: Buffer.from(op.value.value) } : {}),
        metadata: op.metadata,
      }));
      await actors.executeStateTransaction(req.actorType, req.actorId, operations, callSignal(call));
      return {};
    }),
    registerActorTimer: unary(authorized, async (req: runtimeV1.RegisterActorTimerRequest) => {
      actors.registerTimer({ actorType: req.actorType, actorId: req.actorId, name: req.name, dueTime: req.dueTime, period: req.period, ttl: req.ttl, callback: req.callback, data: dataValue(req.data) });
      return {};
    }),
    unregisterActorTimer: unary(authorized, async (req: runtimeV1.UnregisterActorTimerRequest) => {
      actors.unregisterTimer(req.actorType, req.actorId, req.name);
      return {};
    }),
    registerActorReminder: unary(authorized, async (req: runtimeV1.RegisterActorReminderRequest) => {
      await actors.registerReminder({ actorType: req.actorType, actorId: req.actorId, name: req.name, dueTime: req.dueTime, period: req.period, ttl: req.ttl, data: dataValue(req.data) });
      return {};
    }),
    unregisterActorReminder: unary(authorized, async (req: runtimeV1.UnregisterActorReminderRequest) => {
      await actors.unregisterReminder(req.actorType, req.actorId, req.name);
      return {};
    }),
    getActorReminder: unary(authorized, async (req: runtimeV1.GetActorReminderRequest) => {
      const found = await actors.getReminder(req.actorType, req.actorId, req.name);
      return {
        actorType: found.actorType,
        actorId: found.actorId,
        dueTime: found.dueTime ?? '',
        period: found.period ?? '',
        ...(found.ttl ? { ttl: found.ttl } : {}),
        data: { typeUrl: '', value: dataBytes(found.data) },
      };
    }),
    listActorReminders: unary(authorized, async (req: runtimeV1.ListActorRemindersRequest) => ({
      reminders: (await actors.listReminders(req.actorType, req.actorId)).map((r) => ({
        name: r.name,
        reminder: { actorType: r.actorType, actorId: r.actorId, dueTime: r.dueTime ?? '', period: r.period ?? '', ...(r.ttl ? { ttl: r.ttl } : {}), data: { typeUrl: '', value: dataBytes(r.data) } },
      })),
    })),
    unregisterActorRemindersByType: unary(authorized, async (req: runtimeV1.UnregisterActorRemindersByTypeRequest) => {
      await actors.unregisterRemindersByType(req.actorType, req.actorId);
      return {};
    }),
  };
  return impl as UntypedServiceImplementation;
}
