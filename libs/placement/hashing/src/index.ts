export { ringHash } from './hash';
export { HashRing, DefaultReplicationFactor } from './hash-ring';
