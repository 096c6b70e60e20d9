import { runBindingConformance } from '@dapr-ts/conformance';
import { PostgresBinding, PostgresBindingOperation } from './postgres-binding';

/** The test database: POSTGRES_URL, else the local server's `test` database. */
const postgresUrl = process.env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

runBindingConformance({
  name: 'bindings.postgresql',
  create: () => new PostgresBinding(),
  metadata: { connectionString: postgresUrl },
  operations: ['exec', 'query', 'close'],
  config: {
    // Statements touch no table, so the suite leaves nothing behind in the shared database.
    request: async (operation) => (operation === PostgresBindingOperation.Close ? {} : { metadata: { sql: 'SELECT $1::int AS n', params: '[1]' } }),
  },
});
