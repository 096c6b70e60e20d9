export type { DaprdOptions, AppProtocol } from './daprd-options';
export { DaprdRuntime } from './daprd-runtime';
export type { DaprdRuntimeDeps, DaprdPorts } from './daprd-runtime';
export { RuntimeVersion, DaprWireVersion } from './runtime-version';
