/**
 * Vitest's global setup for the PostgreSQL run (vitest.postgres.config.ts): one PostgreSQL server
 * for the whole run, started here; each test server gets a database of its own (helpers/server.ts).
 */
import { startPostgres } from './helpers/postgres.js';

export default async function setup() {
  const postgres = await startPostgres();
  // Read by startTestServer in the test workers, which inherit this environment.
  process.env.GROUPMAP_TEST_POSTGRES = postgres.url('postgres');
  return () => postgres.stop();
}
