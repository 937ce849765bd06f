// Scenarios whose backpressure comes and goes within seconds: barrier alignment at every
// checkpoint, and stop-the-world GC pauses on one TaskManager.

import { ENRICH, ORDERS_JOB, SOURCE, WINDOW, ordersCluster, ordersJob } from './pipeline';
import { TruthBuilder } from './truth';
import type { ScenarioDefinition } from './types';

const DURATION = 360_000;

/**
 * Upstream of a held input, queues fill within about a second per hop (start); after the
 * alignment the window drains its full input gate first, which keeps the vertex right above it
 * backpressured for about two more seconds (tail).
 */
const ALIGNMENT_LAG_MS = { [ENRICH]: { start: 1_000, tail: 2_000 }, [SOURCE]: { start: 2_000, tail: 1_000 } } as const;

/** One recurring transient episode on enrichment and on the source for each aligning checkpoint. */
export function alignmentEpisodes(t: TruthBuilder, durationMs: number): void {
  for (const cp of t.checkpointWindows(durationMs, [])) {
    const align = cp.alignments.get(WINDOW);
    if (align === undefined) continue;
    for (const vertex of [ENRICH, SOURCE] as const) {
      t.episode({
        vertex,
        startMs: cp.triggerMs + ALIGNMENT_LAG_MS[vertex].start,
        endMs: cp.triggerMs + align + ALIGNMENT_LAG_MS[vertex].tail,
        recurring: true,
        bottleneck: WINDOW,
        cause: 'checkpoint-alignment',
      });
    }
  }
}

export const checkpointSpikes: ScenarioDefinition = {
  name: 'checkpoint-spikes',
  description:
    'Every 30 s checkpoint spends 4–8 s aligning barriers at the window vertex, which holds its inputs meanwhile: enrichment and source are briefly backpressured at each checkpoint, then everything is OK again.',
  build(seed) {
    const job = ordersJob({ alignments: [{ vertex: WINDOW, fromMs: 0, toMs: DURATION, minMs: 4_000, maxMs: 8_000 }] });
    const spec = ordersCluster('checkpoint-spikes', job);
    const t = new TruthBuilder(spec, seed);
    alignmentEpisodes(t, DURATION);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

/** Subtask i of every vertex runs on TaskManager i (4 TaskManagers, parallelism 4). */
const PAUSES = [
  { taskManager: 1, atMs: 90_000, durationMs: 6_000 },
  { taskManager: 3, atMs: 210_000, durationMs: 4_000 },
];

export const gcPauses: ScenarioDefinition = {
  name: 'gc-pauses',
  description:
    'Two long old-generation GC pauses (6 s on TaskManager 1 at 90 s, 4 s on TaskManager 3 at 210 s) freeze every subtask on that TaskManager; the source subtasks on other TaskManagers, which hash records to the frozen enrichment subtask, are backpressured for the pause; downstream subtasks starve and idle.',
  build(seed) {
    const spec = ordersCluster('gc-pauses', ordersJob(), { gcPauses: PAUSES });
    const t = new TruthBuilder(spec, seed);
    t.gcWindows();
    for (const p of PAUSES) {
      // The frozen enrichment subtask stops granting credit, so every source subtask blocks on
      // its HASH channel to it within a fraction of a second. Enrichment's and window's other
      // subtasks starve behind that first blocked edge (idle, not backpressured).
      t.episode({
        job: ORDERS_JOB,
        vertex: SOURCE,
        startMs: p.atMs,
        endMs: p.atMs + p.durationMs,
        bottleneck: ENRICH,
        subtasks: [p.taskManager],
        cause: 'gc',
      });
    }
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};
