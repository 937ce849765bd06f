// Migration 6 (frame-samples). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// What the analysis reduces each vertex frame's subtasks to (shared/analysis/series.ts
// reduceSample): the highest backpressure ratio and its subtask, how many subtasks were affected,
// busy and idle, written by the writer in the tick's transaction from the values as decoded, so
// the analysis reads one small row per frame instead of the frame (whose blob fills a page). One
// row per frame with its parallelism; `rules` NULL = no sample (the analysis skips the frame, or it
// could not be told when written). Derived data: a sample is used only while `rules` is the build's
// SAMPLE_RULES_VERSION and the analysis differences the frame against the same `base_ts` over the
// same `wall_ms`; otherwise the frame is decoded (as for files before format 6, which have none).

import type { Migration } from './migration';

export const migration0006: Migration = {
  id: 6,
  name: 'frame-samples',
  sql: `
CREATE TABLE frame_samples (
  vertex_ref INTEGER NOT NULL REFERENCES vertices (ref),
  ts INTEGER NOT NULL,
  parallelism INTEGER NOT NULL,
  rules INTEGER,
  base_ts INTEGER,
  wall_ms REAL,
  ratio REAL,
  ratio_arg INTEGER,
  affected INTEGER,
  valid INTEGER,
  source INTEGER,
  resets INTEGER,
  time_counters INTEGER,
  busy_max REAL,
  busy_arg INTEGER,
  busy_hot INTEGER,
  busy_mean REAL,
  busy_n INTEGER,
  idle_mean REAL,
  idle_n INTEGER,
  PRIMARY KEY (vertex_ref, ts)
) WITHOUT ROWID;
`,
};
