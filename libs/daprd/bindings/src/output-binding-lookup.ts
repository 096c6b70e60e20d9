import type { OutputBinding } from '@dapr-ts/components-bindings';

/** How the bindings API finds output bindings by name; the component loader provides it. */
export interface OutputBindingLookup {
  /** The initialised output binding called `name`, or undefined when there is none. */
  get(name: string): OutputBinding | undefined;
}
