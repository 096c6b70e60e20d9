export { freePort } from './free-port';
export { DaprdProcess, DaprdMain, CliMain } from './daprd-process';
export type { DaprdProcessOptions } from './daprd-process';
export { tempDirWith, tempDir } from './resources';
export { testRedisProperties } from './test-redis';
