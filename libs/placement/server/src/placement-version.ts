/**
 * The Dapr version whose placement protocol we speak, with our own version as build metadata.
 * Kept equal to daprd's RuntimeVersion: placement may not import the daprd scope (STYLE.md rule 2).
 */
export const PlacementVersion = '1.16.0+ts.0.1.0';

/**
 * The API level placement announces in its tables. 20 is the level from which sidecars hash
 * actor IDs themselves from `load_map` (the only part of a table we fill in); daprd 1.16 reports 20.
 */
export const PlacementApiLevel = 20;
