import type { Message, MessageHandler } from '@dapr-ts/components-pubsub';
import type { Logger } from '@dapr-ts/logger';

/** A message waiting in a group, and how many times it has been handed to a handler. */
interface Pending {
  /** The broker's private copy; handlers get fresh copies of it. */
  readonly message: Message;
  attempts: number;
}

interface Subscriber {
  readonly handler: MessageHandler;
  inFlight: number;
}

/** What a {@link ConsumerGroup} needs from its broker. */
export interface ConsumerGroupOptions {
  topic: string;
  name: string;
  /** Handlers one subscriber runs at once (`Infinity` for no bound). */
  maxConcurrentHandlers: number;
  /** The wait before redelivering a message whose `attempts`-th delivery was nacked. */
  redeliveryDelayMs: (attempts: number) => number;
  /** Passed to every handler; aborts when the broker closes. */
  handlerSignal: AbortSignal;
  logger: Logger;
}

/**
 * One consumer group of one topic: a queue of messages shared, round-robin, by the group's current
 * subscribers. Messages start their first delivery in queue order; a nacked message waits its
 * backoff, then goes ahead of the queue (it has waited longest), so redeliveries may be reordered.
 *
 * The queue outlives the subscribers: with none left, messages wait for the next one. Handlers are
 * called from a microtask, so `enqueue` and `addSubscriber` never run user code synchronously.
 */
export class ConsumerGroup {
  private readonly options: ConsumerGroupOptions;
  /** First deliveries, FIFO; `head` is the next index to take (shift() is O(n) on big backlogs). */
  private fresh: Pending[] = [];
  private head = 0;
  /** Redeliveries whose backoff has elapsed; served before `fresh`. */
  private readonly due: Pending[] = [];
  private readonly subscribers: Subscriber[] = [];
  /** Round-robin cursor into `subscribers`. */
  private next = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(options: ConsumerGroupOptions) {
    this.options = options;
  }

  get name(): string {
    return this.options.name;
  }

  get subscriberCount(): number {
    return this.subscribers.length;
  }

  /** Messages waiting for a first delivery or a due redelivery (not those in flight or backing off). */
  get queued(): number {
    return this.fresh.length - this.head + this.due.length;
  }

  /** Queues `message`, which must be a private copy the group may keep. */
  enqueue(message: Message): void {
    if (this.stopped) return;
    this.fresh.push({ message, attempts: 0 });
    this.pump();
  }

  /** Adds a subscriber; returns the function that removes it again (idempotent). In-flight handlers are unaffected. */
  addSubscriber(handler: MessageHandler): () => void {
    const subscriber: Subscriber = { handler, inFlight: 0 };
    this.subscribers.push(subscriber);
    this.pump();
    return () => this.removeSubscriber(subscriber);
  }

  /** Drops the queue and pending redeliveries; results of handlers still running are ignored. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.fresh = [];
    this.head = 0;
    this.due.length = 0;
    this.subscribers.length = 0;
  }

  private removeSubscriber(subscriber: Subscriber): void {
    const index = this.subscribers.indexOf(subscriber);
    if (index < 0) return;
    this.subscribers.splice(index, 1);
    // Keep the cursor on the subscriber that was next in line.
    if (index < this.next) this.next -= 1;
    if (this.next >= this.subscribers.length) this.next = 0;
  }

  /** Hands queued messages to subscribers with spare capacity until one of the two runs out. */
  private pump(): void {
    while (!this.stopped && this.queued > 0) {
      const subscriber = this.pickSubscriber();
      if (!subscriber) return;
      const pending = this.take();
      if (!pending) return;
      this.deliver(subscriber, pending);
    }
  }

  private pickSubscriber(): Subscriber | undefined {
    const count = this.subscribers.length;
    for (let i = 0; i < count; i++) {
      const index = (this.next + i) % count;
      const subscriber = this.subscribers[index];
      if (subscriber && subscriber.inFlight < this.options.maxConcurrentHandlers) {
        this.next = (index + 1) % count;
        return subscriber;
      }
    }
    return undefined;
  }

  private take(): Pending | undefined {
    const redelivery = this.due.shift();
    if (redelivery) return redelivery;
    const pending = this.fresh[this.head];
    this.head += 1;
    // Compact once the consumed prefix dominates, so a long-lived group does not grow forever.
    if (this.head >= 1024 && this.head * 2 >= this.fresh.length) {
      this.fresh = this.fresh.slice(this.head);
      this.head = 0;
    }
    return pending;
  }

  private deliver(subscriber: Subscriber, pending: Pending): void {
    subscriber.inFlight += 1;
    pending.attempts += 1;
    const copy = copyMessage(pending.message);
    // A microtask: user code never runs inside publish/subscribe, and a synchronous throw is a nack too.
    void Promise.resolve()
      .then(() => subscriber.handler(copy, this.options.handlerSignal))
      .then(
        () => this.settled(subscriber),
        (err: unknown) => {
          this.settled(subscriber);
          this.redeliverLater(pending, err);
        },
      );
  }

  private settled(subscriber: Subscriber): void {
    subscriber.inFlight -= 1;
    this.pump();
  }

  private redeliverLater(pending: Pending, err: unknown): void {
    if (this.stopped) return;
    const delayMs = this.options.redeliveryDelayMs(pending.attempts);
    this.options.logger.debug('message handler failed; redelivering later', {
      topic: this.options.topic,
      consumerGroup: this.options.name,
      attempts: pending.attempts,
      delayMs,
      error: errorMessage(err),
    });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      this.due.push(pending);
      this.pump();
    }, delayMs);
    // A backing-off message must not keep the process alive on its own.
    timer.unref();
    this.timers.add(timer);
  }
}

/** A copy a handler may mutate without touching the broker's or another group's copy. */
export function copyMessage(message: Message): Message {
  return {
    topic: message.topic,
    data: Buffer.from(message.data),
    ...(message.contentType === undefined ? {} : { contentType: message.contentType }),
    metadata: { ...message.metadata },
  };
}

/** The error's message, duck-typed (instanceof Error fails across Jest's module realms). */
function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
