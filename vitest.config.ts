import { defineConfig } from 'vitest/config';

// Unit (pure code) and integration (real HTTP to the simulator, real SQLite files) tests.
// Playwright e2e tests live in test/e2e and run separately (see scripts/test.mjs).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
