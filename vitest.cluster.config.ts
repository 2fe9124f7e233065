import { defineConfig } from 'vitest/config';

/**
 * Several nodes behind nginx sharing PostgreSQL (tests/cluster): failover and fencing, with the
 * figures printed. One file at a time: each starts its own PostgreSQL, nodes and proxy.
 */
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
