/**
 * The Dapr version whose wire surface we implement, with our own version as build metadata
 * (semver ignores it when comparing, so tools that check `>= 1.16` keep working).
 */
export const DaprWireVersion = '1.16.0';
export const RuntimeVersion = `${DaprWireVersion}+ts.0.1.0`;
