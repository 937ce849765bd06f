// Migration 6 (frame-samples). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// What the analysis reduces each vertex frame's subtasks to (shared/analysis/series.ts
// reduceSample): the highest backpressure ratio and its subtask, how many subtasks were affected,
// busy and idle, written by the writer in the tick's transaction from the values as decoded, so
// the analysis reads one row per frame instead of decoding the frame. Derived data: a row is used
// only while `rules` is the build's SAMPLE_RULES_VERSION and the analysis differences the frame
// against the same `base_ts` over the same `wall_ms`; otherwise the frame is decoded (as for files
// before format 6, which have no rows).

import type { Migration } from './migration';

export const migration0006: Migration = {
  id: 6,
  name: 'frame-samples',
  sql: `
CREATE TABLE frame_samples (
  vertex_ref INTEGER NOT NULL REFERENCES vertices (ref),
  ts INTEGER NOT NULL,
  rules INTEGER NOT NULL,
  base_ts INTEGER,
  wall_ms REAL,
  ratio REAL NOT NULL,
  ratio_arg INTEGER NOT NULL,
  affected INTEGER NOT NULL,
  valid INTEGER NOT NULL,
  source INTEGER NOT NULL,
  resets INTEGER NOT NULL,
  time_counters INTEGER NOT NULL,
  busy_max REAL NOT NULL,
  busy_arg INTEGER NOT NULL,
  busy_hot INTEGER NOT NULL,
  busy_mean REAL,
  busy_n INTEGER NOT NULL,
  idle_mean REAL,
  idle_n INTEGER NOT NULL,
  PRIMARY KEY (vertex_ref, ts)
) WITHOUT ROWID;
`,
};
