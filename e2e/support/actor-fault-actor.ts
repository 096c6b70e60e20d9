import { AbstractActor, Temporal } from '@dapr/dapr';
import type { ActorClass } from './actor-host';
import type { TurnRecorder } from './actor-fault-turns';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The instrumented actor every host of a fault test serves, on the official SDK. Each turn (a
 * call or a reminder) and each activation is reported to the shared {@link TurnRecorder} under
 * the host's label, so overlapping turns or a double activation anywhere are caught.
 *
 * Methods (HTTP body is the JSON array of arguments):
 * - `work(ms)`: holds the turn for `ms`, answers the host label;
 * - `increment()`: adds one to the actor's `count` state, answers the new count;
 * - `count()`: answers the saved `count`;
 * - `remind(seconds)`: registers reminder `tick` (due in and every `seconds`) through its own sidecar.
 * Reminders (any name) are recorded as fires and hold the turn for 10 ms.
 */
export function faultActorClass(actorType: string, host: string, recorder: TurnRecorder): ActorClass {
  class FaultActor extends AbstractActor {
    override async onActivate(): Promise<void> {
      recorder.activated(host, this.getActorId().getId());
    }

    override async onDeactivate(): Promise<void> {
      recorder.deactivated(host, this.getActorId().getId());
    }

    async work(ms: number): Promise<string> {
      const end = recorder.begin(host, this.getActorId().getId());
      try {
        await sleep(Number(ms) || 0);
        return host;
      } finally {
        end();
      }
    }

    async increment(): Promise<number> {
      const end = recorder.begin(host, this.getActorId().getId());
      try {
        const state = this.getStateManager<number>();
        const [, current] = await state.tryGetState('count');
        const next = (current ?? 0) + 1;
        await state.setState('count', next);
        await state.saveState();
        return next;
      } finally {
        end();
      }
    }

    async count(): Promise<number> {
      const [, current] = await this.getStateManager<number>().tryGetState('count');
      return current ?? 0;
    }

    async remind(seconds: number): Promise<void> {
      const every = Temporal.Duration.from({ seconds: Number(seconds) || 1 });
      await this.registerActorReminder('tick', every, every);
    }

    override async receiveReminder(): Promise<void> {
      const id = this.getActorId().getId();
      const end = recorder.begin(host, id);
      try {
        recorder.fired(host, id);
        await sleep(10);
      } finally {
        end();
      }
    }
  }
  // The SDK takes the actor type from the class name.
  Object.defineProperty(FaultActor, 'name', { value: actorType });
  return FaultActor;
}

