import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A real PostgreSQL for the tests of the PostgreSQL store (skipped with a message when absent).
    globalSetup: ['tests/helpers/postgres-setup.ts'],
  },
});
