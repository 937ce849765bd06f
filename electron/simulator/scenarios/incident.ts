// A ten-minute story for demos and end-to-end scoring: healthy → checkpoint alignment
// transients → a GC pause → a sustained bottleneck from a hot key → recovery.

import { ENRICH, SOURCE, WINDOW, ordersCluster, ordersJob } from './pipeline';
import { alignmentEpisodes } from './transient';
import { TruthBuilder } from './truth';
import type { ScenarioDefinition } from './types';

const DURATION = 600_000;
const ALIGN = { fromMs: 80_000, toMs: 200_000 };
const GC = { taskManager: 2, atMs: 250_000, durationMs: 7_000 };
const SKEW = { fromMs: 330_000, toMs: 480_000, hotSubtask: 1, share: 0.9 };

export const incident: ScenarioDefinition = {
  name: 'incident',
  description:
    'Ten minutes: healthy until 90 s; checkpoints at 90–180 s align slowly at the window vertex (transient backpressure at each); a 7 s old-generation GC pause on TaskManager 2 at 250 s; from 330 s to 480 s a hot key sends 90 % of records to window subtask 1 (sustained backpressure on enrichment and source); then the job recovers.',
  build(seed) {
    const job = ordersJob({
      alignments: [{ vertex: WINDOW, ...ALIGN, minMs: 4_000, maxMs: 8_000 }],
      skews: [{ vertex: WINDOW, ...SKEW }],
    });
    const spec = ordersCluster('incident', job, { gcPauses: [GC] });
    const t = new TruthBuilder(spec, seed);
    t.gcWindows();
    alignmentEpisodes(t, DURATION);
    // As in gc-pauses: only the source blocks on the frozen enrichment subtask.
    t.episode({
      vertex: SOURCE,
      startMs: GC.atMs,
      endMs: GC.atMs + GC.durationMs,
      bottleneck: ENRICH,
      subtasks: [GC.taskManager],
      cause: 'gc',
    });
    t.episode({
      vertex: ENRICH,
      startMs: SKEW.fromMs + 1_000,
      endMs: SKEW.toMs + 1_000,
      bottleneck: WINDOW,
      subtasks: [SKEW.hotSubtask],
      cause: 'data-skew',
    });
    t.episode({
      vertex: SOURCE,
      startMs: SKEW.fromMs + 4_000,
      endMs: SKEW.toMs + 1_000,
      bottleneck: WINDOW,
      subtasks: [SKEW.hotSubtask],
      cause: 'data-skew',
    });
    return { spec, truth: t.build(this.description, DURATION) };
  },
};
