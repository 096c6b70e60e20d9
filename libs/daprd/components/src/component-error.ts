/** A component could not be created or initialised; names the file, the component and the field. */
export class ComponentLoadError extends Error {
  override readonly name = 'ComponentLoadError';
  readonly file: string;
  readonly component: string;
  readonly field: string | undefined;

  constructor(
    file: string,
    component: string,
    field: string | undefined,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: Component "${component}": ${field ? `${field}: ` : ''}${problem}`, options);
    this.file = file;
    this.component = component;
    this.field = field;
  }
}
