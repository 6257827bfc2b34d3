import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Not node_modules/.vite: a folder written there makes npm's record of the installed tree (node_modules/.package-lock.json)
  // out of date, and every `npx briefbot` then reads the whole tree again (1.3 s to 13 s a call).
  cacheDir: '.cache/vite',
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A real PostgreSQL for the tests of the PostgreSQL store (skipped with a message when absent).
    globalSetup: ['tests/helpers/postgres-setup.ts'],
  },
});
