import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests against real Apache Flink clusters (JVMs; each version's distribution is downloaded once into
// .cache/flink). `npm test` runs them after the simulator suites (scripts/test.mjs); `npm run flink -- test`
// runs them alone. scenarios.test.ts (the incident jobs against their ground truth, measured without
// Backflow) is for working on the jobs: BACKFLOW_FLINK_SCENARIOS=1.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: [
      'test/real-flink/testbed.test.ts',
      'test/real-flink/backflow.test.ts',
      'test/real-flink/prometheus.test.ts',
      ...(process.env.BACKFLOW_FLINK_SCENARIOS === '1' ? ['test/real-flink/scenarios.test.ts'] : []),
    ],
    environment: 'node',
    pool: 'forks',
    // One cluster at a time: three JVMs already fill two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
