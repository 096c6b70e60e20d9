import type { ConfigurationItems } from '@dapr-ts/components-configuration';

/** One item as Dapr's HTTP API writes it (contrib configuration.Item): empty fields are left out. */
export interface ConfigurationItemJson {
  value?: string;
  version?: string;
  metadata?: Record<string, string>;
}

/**
 * Items in the JSON of Dapr's HTTP API (`GET /configuration/<store>` and the updates POSTed to the
 * app): Go's `omitempty` drops an empty value, version or metadata, so a deleted key reads `{}`.
 */
export function configurationItemsJson(items: ConfigurationItems): Record<string, ConfigurationItemJson> {
  const out: Record<string, ConfigurationItemJson> = {};
  for (const [key, item] of Object.entries(items)) {
    out[key] = {
      ...(item.value === '' ? {} : { value: item.value }),
      ...(item.version === '' ? {} : { version: item.version }),
      ...(Object.keys(item.metadata).length === 0 ? {} : { metadata: item.metadata }),
    };
  }
  return out;
}
