// Scenarios that redeploy the job: a task failure with restart (and the catch-up that follows)
// and a rescale of the bottleneck vertex.

import {
  ENRICH,
  ORDERS_JOB,
  SINK,
  SOURCE,
  SOURCE_RATE,
  WINDOW,
  ordersCluster,
  ordersJob,
  ordersVertices,
} from './pipeline';
import { TruthBuilder } from './truth';
import type { ScenarioDefinition } from './types';

const DURATION = 360_000;
const FAIL_AT = 160_000;
const DOWN_MS = 10_000;
/** Window capacity in the restart scenario: fine for the steady load, too slow for catch-up. */
const WINDOW_CAPACITY = 6_500;

export const restart: ScenarioDefinition = {
  name: 'restart',
  description:
    'At 160 s a sink subtask fails (IOException from Elasticsearch); the job restarts after 10 s from the last completed checkpoint. Sources rewind and catch up on the backlog; the window vertex cannot keep up with the catch-up rate, so enrichment and source are backpressured until the backlog is gone.',
  build(seed) {
    const vertices = ordersVertices().map((v) => (v.key === WINDOW ? { ...v, capacity: WINDOW_CAPACITY } : v));
    const job = ordersJob({
      vertices,
      restarts: [
        {
          atMs: FAIL_AT,
          downMs: DOWN_MS,
          vertex: SINK,
          subtask: 2,
          exceptionName: 'java.io.IOException',
          message: 'Elasticsearch bulk request failed: Connection reset by peer (es-data-2.internal:9200)',
        },
      ],
    });
    const spec = ordersCluster('restart', job);
    const t = new TruthBuilder(spec, seed);
    const downs = t.downWindows(ORDERS_JOB);
    const cps = t.checkpointWindows(DURATION, downs);
    const down = downs[0]!;
    // Backlog per source subtask: everything since the last completed checkpoint's barrier.
    const lastCompleted = cps.filter((c) => c.completed && c.endMs <= FAIL_AT).at(-1)?.triggerMs ?? 0;
    const backlog = SOURCE_RATE * ((down.endMs - lastCompleted) / 1000);
    // The window drains it at (its capacity − the steady input) per subtask; input per window
    // subtask equals one source subtask's rate (parallelism 4 → 4, uniform keys).
    const catchUpMs = (backlog / (WINDOW_CAPACITY - SOURCE_RATE)) * 1000;
    for (const [vertex, lag] of [
      [ENRICH, 1_000],
      [SOURCE, 2_000],
    ] as const) {
      t.episode({
        vertex,
        startMs: down.endMs + lag,
        endMs: Math.round(down.endMs + catchUpMs),
        bottleneck: WINDOW,
        cause: 'restart-catch-up',
      });
    }
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

const RESCALE_AT = 250_000;

export const rescale: ScenarioDefinition = {
  name: 'rescale',
  description:
    'The window vertex starts at parallelism 2 and cannot keep up: enrichment and source are backpressured from the start. At 250 s the adaptive scheduler rescales it to 6; after a short redeploy the job catches up without backpressure.',
  build(seed) {
    const vertices = ordersVertices().map((v) => (v.key === WINDOW ? { ...v, parallelism: 2, capacity: 8_000 } : v));
    const job = ordersJob({
      vertices,
      rescales: [{ atMs: RESCALE_AT, downMs: 5_000, vertex: WINDOW, parallelism: 6 }],
    });
    const spec = ordersCluster('rescale', job);
    const t = new TruthBuilder(spec, seed);
    const downs = t.downWindows(ORDERS_JOB);
    t.checkpointWindows(DURATION, downs);
    for (const [vertex, lag] of [
      [ENRICH, 3_000],
      [SOURCE, 7_000],
    ] as const) {
      t.episode({ vertex, startMs: lag, endMs: RESCALE_AT, bottleneck: WINDOW, cause: 'overloaded-operator' });
    }
    return { spec, truth: t.build(this.description, DURATION) };
  },
};
