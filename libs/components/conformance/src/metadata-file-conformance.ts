import { readComponentMetadataFile } from './component-metadata-file';

/** One component's entry for {@link runMetadataFileConformance}. */
export interface MetadataFileConformanceConfig {
  /** The spec's `__dirname`: `metadata.yaml` sits next to its `src/` folder. */
  specDir: string;
  /** Component category and name as the file spells them, e.g. `state` and `mysql`. */
  type: string;
  name: string;
  /** The fields the file marks required, in its order. */
  required: readonly string[];
  /** What the component's `features()` returns. */
  features: readonly string[];
  /** Capabilities listed beside the features, such as `actorStateStore`. */
  extraCapabilities?: readonly string[];
}

/**
 * Defines the checks every component's `metadata.yaml` must pass (contrib's component-metadata
 * schema, version v1): its identity, its required fields, and capabilities that equal `features()`
 * (lower-cased, as the file spells them) plus the declared extras. Field lists and defaults are
 * the component spec's own.
 */
export function runMetadataFileConformance(config: MetadataFileConformanceConfig): void {
  const id = `${config.type}.${config.name}/v1`;
  describe(`metadata.yaml of ${id}`, () => {
    const file = readComponentMetadataFile(config.specDir);
    const extras = config.extraCapabilities ?? [];

    it(`describes ${id} with required fields ${config.required.join(', ')}`, () => {
      expect(file).toMatchObject({ schemaVersion: 'v1', type: config.type, name: config.name, version: 'v1' });
      expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(config.required);
    });

    it(`lists the capabilities features() returns${extras.length > 0 ? `, plus ${extras.join(', ')}` : ''}`, () => {
      const listed = (file.capabilities ?? []).filter((capability) => !extras.includes(capability));
      expect([...listed].sort()).toEqual(config.features.map((feature) => feature.toLowerCase()).sort());
      for (const extra of extras) expect(file.capabilities).toContain(extra);
    });
  });
}
