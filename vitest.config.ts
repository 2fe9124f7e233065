import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Playwright's browser tests are *.spec.ts and run with their own runner.
    exclude: ['node_modules/**', 'tests/**/*.spec.ts', 'tests/soak/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
