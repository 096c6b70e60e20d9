const brand: unique symbol = Symbol.for('dapr-ts.pubsub.SubscriptionResourceError');

/** Where a Subscription resource is wrong; see {@link SubscriptionResourceError}. */
export interface SubscriptionResourceErrorDetails {
  /** The resource file. */
  file: string;
  /** The Subscription's `metadata.name`. */
  subscription: string;
  /** The field path inside the resource, e.g. `spec.routes.rules[1].path`. */
  field: string;
  /** The problem itself, e.g. `is required`. */
  problem: string;
}

/**
 * A declarative Subscription is invalid, which stops daprd from starting. The message reads
 * `<file>: Subscription "<name>": <field>: <problem>`, the layout of the resources loader's
 * errors; code should read the fields, never the message.
 */
export class SubscriptionResourceError extends Error {
  readonly [brand] = true;
  override readonly name = 'SubscriptionResourceError';
  readonly file: string;
  readonly subscription: string;
  readonly field: string;
  readonly problem: string;

  constructor(details: SubscriptionResourceErrorDetails) {
    super(`${details.file}: Subscription "${details.subscription}": ${details.field}: ${details.problem}`);
    this.file = details.file;
    this.subscription = details.subscription;
    this.field = details.field;
    this.problem = details.problem;
  }
}

/** True for a {@link SubscriptionResourceError}, also across module copies (Jest), where `instanceof` fails. */
export function isSubscriptionResourceError(value: unknown): value is SubscriptionResourceError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
}
