import type { ConfigurationStore } from '@dapr-ts/components-configuration';

/** How the configuration API finds stores by name; the component loader provides it. */
export interface ConfigurationStoreLookup {
  get(name: string): ConfigurationStore | undefined;
  /** True when at least one configuration store is loaded. */
  any(): boolean;
}
