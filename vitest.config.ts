import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time. Vitest's default is one fewer than the cores: one at a time on a 2-core machine, where
    // most files wait on child processes, sockets or a database rather than the CPU (268 s -> 215 s measured here).
    maxWorkers: 2,
    minWorkers: 1,
    // A real PostgreSQL for the tests of the PostgreSQL store (skipped with a message when absent).
    globalSetup: ['tests/helpers/postgres-setup.ts'],
  },
});
