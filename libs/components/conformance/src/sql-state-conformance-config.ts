import type { TransactionalStateStore } from '@dapr-ts/components-state';
import type { StateStoreHarness } from './state-store-per-test';

/** A state store in one of Dapr's SQL layouts: rows with an expiry, swept through a metadata table. */
export interface SqlStateStore extends TransactionalStateStore {
  /** Deletes expired rows unless a sweep ran within most of `cleanupInterval`; returns how many. */
  cleanupExpired(signal: AbortSignal): Promise<number>;
}

/** A row written behind the store's back by {@link SqlStateTables.insertRows}, holding the JSON `1`. */
export interface RawRow {
  key: string;
  /** From now; negative for a row that has expired already. */
  expiresInSeconds: number;
}

/** The tables (or file) behind one store's metadata, as another client sees them. */
export interface SqlStateTables {
  /** The row holding `key`, live or expired: its expiry in epoch milliseconds, or null without one. */
  row(key: string): Promise<{ expiresAt: number | null } | undefined>;
  insertRows(rows: readonly RawRow[]): Promise<void>;
  /** The keys of every row, live or expired. */
  keys(): Promise<string[]>;
  /** Whether the metadata table records a sweep (`last-cleanup`). */
  hasLastCleanup(): Promise<boolean>;
  /** Moves the recorded time of the last sweep back by `hours`. */
  backdateLastCleanup(hours: number): Promise<void>;
}

/** A way to make the database fail one statement of a transaction, as a constraint or a full disk would. */
export interface PoisonedKey {
  /** Writing this key fails in the database. */
  key: string;
  /** What the failure says. */
  message: string | RegExp;
  /** Undoes whatever made the key fail. */
  remove(): Promise<void>;
}

/** One SQL state store's entry in {@link runSqlStateConformance}. */
export interface SqlStateConformanceConfig {
  /** The component type, e.g. `state.mysql`; errors of a closed store start with it. */
  name: string;
  /** Returns a fresh, uninitialised store. */
  create: () => SqlStateStore;
  /** Metadata for a store on tables (or a file) of its own, plus `extra`; the spec removes them afterwards. */
  freshMetadata(label: string, extra?: Record<string, string>): Record<string, string>;
  /** The tables behind `metadata`. Valid inside tests and hooks. */
  tables(metadata: Record<string, string>): SqlStateTables;
  etags: {
    /** ETags the store rejects as malformed (ETagError `invalid`). */
    invalid: readonly string[];
    /** A well-formed ETag that no row holds. */
    unknown: string;
  };
  /** `ttlInSeconds` values rejected with a MetadataError. Default `0`, `-2`, `1.5`, `abc`. */
  invalidTtls?: readonly string[];
  /** Metadata that `init` rejects with a MetadataError naming the field, before connecting. */
  invalidMetadata: readonly (readonly [field: string, metadata: Record<string, string>])[];
  /** Whether the store sweeps without `cleanupInterval` set (Dapr: Postgres and MySQL hourly, SQLite never). */
  sweepsByDefault: boolean;
  /** Makes writing one key fail in the database, for the all-or-nothing transaction test; omitted: no such test. */
  poisonKey?(metadata: Record<string, string>, key: string): Promise<PoisonedKey>;
}

/** What each group of SQL state tests receives. `store()` and `tables()` are valid inside tests only. */
export interface SqlSuiteContext extends StateStoreHarness<SqlStateStore> {
  readonly config: SqlStateConformanceConfig;
  readonly signal: AbortSignal;
  /** The metadata of {@link store}. */
  readonly metadata: Record<string, string>;
  /** The tables of {@link store}. */
  tables(): SqlStateTables;
  /** Runs `work` with another store on `metadata` (initialised first, closed after). */
  withStore<T>(metadata: Record<string, string>, work: (store: SqlStateStore) => Promise<T>): Promise<T>;
}
