import { defineConfig } from 'vitest/config';

/**
 * The integration suite again, against PostgreSQL (GROUPMAP_STORE=postgres), where it applies:
 * every test server gets a database of its own on one PostgreSQL started by the run. Left out are
 * the tests of the SQLite files themselves (their layout, quick_check, the WAL, the online backup,
 * a file's size limit standing in for a full disk).
 */
export default defineConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    exclude: [
      'tests/integration/store.test.ts',
      'tests/integration/startup.test.ts',
      'tests/integration/backup.test.ts',
      'tests/integration/storage.test.ts',
    ],
    globalSetup: ['tests/postgresSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
