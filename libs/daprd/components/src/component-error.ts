/** A component could not be created or initialised; names the file, the component and the field. */
export class ComponentLoadError extends Error {
  override readonly name = 'ComponentLoadError';
  constructor(
    readonly file: string,
    readonly component: string,
    readonly field: string | undefined,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: Component "${component}": ${field ? `${field}: ` : ''}${problem}`, options);
  }
}
