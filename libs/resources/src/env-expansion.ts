/**
 * Expands `${VAR}` and `${VAR:-default}` in a string; `$${VAR}` stays a literal `${VAR}`.
 * Throws when a variable without default is unset, naming it and `where`.
 */
export function expandEnvReferences(text: string, env: NodeJS.ProcessEnv, where: string): string {
  if (!text.includes('${')) return text;
  return text.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (match: string, name: string, fallback: string | undefined) => {
    if (match.startsWith('$$')) return match.slice(1);
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new Error(`environment variable ${name} is not set (referenced by ${where}; use \${${name}:-default} for a default)`);
  });
}
