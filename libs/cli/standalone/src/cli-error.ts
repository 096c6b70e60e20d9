const brand: unique symbol = Symbol.for('dapr-ts.CliError');

/**
 * A failure the user can act on. The message is one line that says what went wrong and what to do;
 * the CLI prints it after `❌` and exits with `exitCode`.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly [brand] = true;
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Brand check that survives module duplication (jest, bundling), unlike `instanceof`. */
export function isCliError(value: unknown): value is CliError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}
