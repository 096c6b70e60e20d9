import type { Message, MessageHandler } from '@dapr-ts/components-pubsub';

/** One call of a {@link RecordingSubscriber}'s handler. */
export interface RecordedDelivery {
  /** `data` decoded as UTF-8 (the suite's payloads are text unless a test says otherwise). */
  text: string;
  message: Message;
  /** 1 for the first delivery of this payload, 2 for its first redelivery, … */
  attempt: number;
  /** 1-based count of handler calls on this subscriber, over all payloads. */
  call: number;
  signal: AbortSignal;
  /** Whether the handler acked (resolved) this delivery. */
  acked: boolean;
}

export interface RecordingOptions {
  /** Nack the delivery when this returns true; ack otherwise. Default: ack everything. */
  fail?: (delivery: Pick<RecordedDelivery, 'text' | 'attempt' | 'call'>) => boolean;
}

/**
 * A subscriber that records every delivery and acks or nacks it as told. Payloads are identified by
 * their text, so each test publishes distinct payloads.
 */
export class RecordingSubscriber {
  readonly deliveries: RecordedDelivery[] = [];
  private readonly attempts = new Map<string, number>();
  private readonly fail: NonNullable<RecordingOptions['fail']>;

  constructor(options: RecordingOptions = {}) {
    this.fail = options.fail ?? (() => false);
  }

  /** The handler to subscribe. Rejects (nacks) with an Error when `fail` says so. */
  readonly handle: MessageHandler = async (message, signal) => {
    const text = Buffer.from(message.data).toString('utf8');
    const attempt = (this.attempts.get(text) ?? 0) + 1;
    this.attempts.set(text, attempt);
    const acked = !this.fail({ text, attempt, call: this.deliveries.length + 1 });
    this.deliveries.push({ text, message, attempt, call: this.deliveries.length + 1, signal, acked });
    if (!acked) throw new Error(`conformance: nack of ${text} (attempt ${attempt})`);
  };

  /** Payloads acked, in the order they were acked. */
  get acked(): string[] {
    return this.deliveries.filter((delivery) => delivery.acked).map((delivery) => delivery.text);
  }

  /** Payloads in the order of their first delivery. */
  get firstDeliveries(): string[] {
    return this.deliveries.filter((delivery) => delivery.attempt === 1).map((delivery) => delivery.text);
  }

  /** Every delivery of `text`, in order. */
  deliveriesOf(text: string): RecordedDelivery[] {
    return this.deliveries.filter((delivery) => delivery.text === text);
  }

  /** Whether every one of `texts` has been acked at least once. */
  hasAcked(texts: readonly string[]): boolean {
    const acked = new Set(this.acked);
    return texts.every((text) => acked.has(text));
  }
}
