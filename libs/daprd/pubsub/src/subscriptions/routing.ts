import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { AppSubscription, CloudEvent } from '@dapr-ts/daprd-app-callbacks';
import type { Logger } from '@dapr-ts/logger';
import type { RouteMatcher } from '../subscription-types';

const brand: unique symbol = Symbol.for('dapr-ts.pubsub.InvalidRouteError');

/** What {@link InvalidRouteError} reports. */
export interface InvalidRouteErrorDetails {
  pubsubName: string;
  topic: string;
  /** The rule's `match` expression, as written. */
  expression: string;
  /** The rule's path. */
  path: string;
  /** What is wrong, e.g. the CEL parser's message. */
  problem: string;
  cause?: unknown;
}

/**
 * A routing rule's `match` is not a valid CEL expression over `event`. Thrown by
 * {@link compileRoutes} at startup; the caller adds which resource or app declared it.
 */
export class InvalidRouteError extends Error {
  readonly [brand] = true;
  override readonly name = 'InvalidRouteError';
  readonly pubsubName: string;
  readonly topic: string;
  readonly expression: string;
  readonly path: string;
  readonly problem: string;

  constructor(details: InvalidRouteErrorDetails) {
    super(
      `subscription to topic "${details.topic}" on pubsub "${details.pubsubName}": invalid match expression ${JSON.stringify(details.expression)} for path "${details.path}": ${details.problem}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.pubsubName = details.pubsubName;
    this.topic = details.topic;
    this.expression = details.expression;
    this.path = details.path;
    this.problem = details.problem;
  }
}

/** True for an {@link InvalidRouteError}, also across module copies (Jest), where `instanceof` fails. */
export function isInvalidRouteError(value: unknown): value is InvalidRouteError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
}

/** Options of {@link compileRoutes}. */
export interface CompileRoutesOptions {
  /** Receives a debug line when a rule fails to evaluate for an event (e.g. a missing field). */
  logger?: Logger;
}

/**
 * As in daprd, `event` is the only variable, a map of string to dyn. JSON numbers stay JS numbers,
 * which CEL sees as doubles: `event.data.amount > 100` and `== 100` work (CEL compares numbers across
 * types), while arithmetic mixing them (`event.data.amount + 1`) has no overload, as in cel-go.
 * Parsing does not register anything, so one environment serves every subscription.
 */
const celEnvironment = new Environment().registerVariable('event', 'map<string, dyn>');

interface CompiledRule {
  path: string;
  expression: string;
  /** Undefined for an empty `match`: the rule takes every event. */
  program?: ParseResult;
}

/**
 * Compiles a subscription's routing rules into a matcher. `match(cloudEvent)` evaluates the rules
 * in order with `event` bound to the CloudEvent (`event.type`, `event.data.x`, `event.topic`,
 * extensions) and returns the path of the first rule whose expression is `true`, else
 * `routes.default`, else undefined (no route: the event is not for this app).
 *
 * - A rule whose `match` is empty or blank matches every event (daprd: a nil match is true).
 * - An expression that fails for an event (a missing field, a type mismatch) or yields anything
 *   but `true` does not match; the next rule is tried. Guard optional fields with `has()`.
 *
 * Mirrors daprd CreateRoutingRule and its route matching (pkg/runtime/pubsub).
 * @throws InvalidRouteError for an expression that does not parse, references a variable other
 *   than `event`, or cannot yield a bool.
 */
export function compileRoutes(sub: AppSubscription, options: CompileRoutesOptions = {}): RouteMatcher {
  const rules = sub.routes.rules.map((rule): CompiledRule => {
    const expression = rule.match.trim();
    return expression === '' ? { path: rule.path, expression } : { path: rule.path, expression, program: compileMatch(sub, rule.match, rule.path) };
  });
  const fallback = sub.routes.default === '' ? undefined : sub.routes.default;
  const log = options.logger;
  return {
    match(cloudEvent: CloudEvent): string | undefined {
      for (const rule of rules) {
        if (!rule.program || holds(rule, cloudEvent, sub, log)) return rule.path;
      }
      return fallback;
    },
  };
}

function compileMatch(sub: AppSubscription, expression: string, path: string): ParseResult {
  const fail = (problem: string, cause?: unknown): never => {
    throw new InvalidRouteError({ pubsubName: sub.pubsubName, topic: sub.topic, expression, path, problem, cause });
  };
  let program: ParseResult;
  try {
    program = celEnvironment.parse(expression.trim());
  } catch (err) {
    return fail(firstLine(err), err);
  }
  const checked = program.check();
  if (!checked.valid) return fail(firstLine(checked.error), checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn') return fail(`evaluates to ${String(checked.type)}, not bool`);
  return program;
}

function holds(rule: CompiledRule, cloudEvent: CloudEvent, sub: AppSubscription, log: Logger | undefined): boolean {
  try {
    return rule.program?.({ event: cloudEvent }) === true;
  } catch (err) {
    log?.debug(`Route ${JSON.stringify(rule.expression)} of topic ${sub.topic} on pubsub ${sub.pubsubName} did not evaluate: ${firstLine(err)}`, {
      topic: sub.topic,
      pubsubName: sub.pubsubName,
    });
    return false;
  }
}

/** cel-js messages add a source excerpt with a caret on later lines; log lines want only the first. */
function firstLine(err: unknown): string {
  const message = typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : String(err);
  return message.split('\n', 1)[0] ?? message;
}
