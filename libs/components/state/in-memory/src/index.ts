export { InMemoryStateStore } from './in-memory-state-store';
