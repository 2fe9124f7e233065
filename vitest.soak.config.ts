import { defineConfig } from 'vitest/config';

/** `npm run test:soak`: the fault tests that take minutes (CI runs them after `npm test`). */
export default defineConfig({
  test: {
    include: ['tests/soak/**/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});
