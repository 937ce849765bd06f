import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests against real Apache Flink clusters (JVMs, a download on first use): not part of `npm test`.
// Run them with `npm run flink -- test` (or `npx vitest run -c test/real-flink/vitest.config.ts`).
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/real-flink/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // One cluster at a time: three JVMs already fill two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
