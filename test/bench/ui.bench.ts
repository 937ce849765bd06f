// UI benchmark (`npm run bench -- ui`): the replay UI in Debian's Chromium against the served mode
// (`backflow serve`, its own process) on a 1-hour `large` session (20 vertices × 256 subtasks at
// 10 s, written through the real SessionWriter). Measures what a user feels and prints it next to
// the goals of issues 5 and 13:
//   open → first paint of the lanes ≤ 1 s; scrubbing p95 frame ≤ 16.7 ms; zoom/pan redraw ≤ 50 ms;
//   renderer JS heap ≤ 300 MB; the served process' RSS ≤ 250 MB. Hovering (the shared crosshair and
//   the tooltips with their values, issue 17) is held to the same frame budget as scrubbing.
// The measuring is test/bench/ui-measure.ts (the scale bench runs it on 1 h / 6 h / 24 h sessions).
// Needs the built CLI and UI (npm run bench builds first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LARGE, writeLargeSession } from '../e2e/fixtures/make-large-session';
import { measureUi, printUiTable } from './ui-measure';

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-uibench-'));
const file = path.join(dir, 'large.backflow');
try {
  const t = performance.now();
  writeLargeSession(file);
  console.log(
    `session: ${LARGE.vertices} vertices × ${LARGE.subtasks} subtasks × ${LARGE.ticks} ticks at ${LARGE.intervalMs / 1000} s, written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const { rows } = await measureUi(file, { rssGoalMb: 250 });
  printUiTable(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
