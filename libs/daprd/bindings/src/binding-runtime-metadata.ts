import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/** Which ways a binding component is used, from its `direction` metadata. */
export interface BindingDirection {
  input: boolean;
  output: boolean;
}

/** What the runtime itself reads from a binding component's metadata. */
export interface BindingRuntimeMetadata {
  direction: BindingDirection;
  /** The app path input events are delivered to, when `route` is set. */
  route?: string;
}

/**
 * Parses `direction`: `"input"`, `"output"` or `"input, output"` (any case and spacing). Unset
 * means both: the component is used in every way it implements. Mirrors dapr pkg/runtime
 * processor/binding, which registers a component as input and/or output by this field.
 */
export function parseBindingDirection(value: string | undefined): BindingDirection {
  if (value === undefined || value.trim() === '') return { input: true, output: true };
  const direction = { input: false, output: false };
  for (const part of value.split(',')) {
    const word = part.trim().toLowerCase();
    if (word === 'input') direction.input = true;
    else if (word === 'output') direction.output = true;
    else throw new MetadataError('direction', `"${value}" is not a binding direction (use "input", "output" or "input, output")`);
  }
  return direction;
}

/** Reads `direction` and `route` from a binding component's metadata, keys matched case-insensitively. */
export function bindingRuntimeMetadata(properties: Record<string, string>): BindingRuntimeMetadata {
  const md = new MetadataReader(properties);
  const route = md.raw('route')?.trim();
  return { direction: parseBindingDirection(md.raw('direction')), ...(route ? { route } : {}) };
}
