import { ResourceError } from './resource-error';

/** `$${NAME...}` (escape), `${NAME}` and `${NAME:-default}`. Anything else with `${` is left alone. */
const reference = /\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Called with the variable name when a reference has no value and no default; must throw. @internal */
export type OnMissingEnv = (variable: string) => never;

/**
 * The problem text for an unset variable, shared by every caller; `hint` adds how to give a default.
 * @internal
 */
export function missingEnvProblem(variable: string, hint = true): string {
  return `environment variable ${variable} is not set${hint ? ` (use \${${variable}:-default} to give a default)` : ''}`;
}

/**
 * Expands `${VAR}` references in `text`, calling `onMissing` for an unset variable without default.
 * @internal
 */
export function expandWith(text: string, env: NodeJS.ProcessEnv, onMissing: OnMissingEnv): string {
  if (!text.includes('${')) return text;
  return text.replace(reference, (match: string, variable: string, fallback: string | undefined) => {
    if (match.startsWith('$$')) return match.slice(1);
    const value = env[variable];
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    return value ?? onMissing(variable);
  });
}

/**
 * Expands environment references in a resource value:
 * - `${VAR}` becomes the value of `VAR` (an empty value stays empty);
 * - `${VAR:-default}` becomes `default` when `VAR` is unset or empty;
 * - `$${VAR}` is an escape and becomes the literal `${VAR}`.
 *
 * Text without `${` is returned untouched, so a lone `$` needs no escaping; a `${` that is not a
 * reference (e.g. `${1}`) is kept as written. Defaults cannot nest.
 *
 * @param where - the file (optionally followed by resource and field) the text came from; it
 *   becomes the error's `file` and the start of its message.
 * @throws ResourceError when a variable without default is unset, naming it.
 */
export function expandEnvReferences(text: string, env: NodeJS.ProcessEnv, where: string): string {
  return expandWith(text, env, (variable) => {
    throw new ResourceError({ file: where, problem: missingEnvProblem(variable) });
  });
}
