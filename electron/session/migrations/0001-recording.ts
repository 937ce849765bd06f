// Migration 1 (recording). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// The recording tables: clusters, jobs, the topology and its versions, ticks, vertex frames and
// their summaries, cluster-side aggregates, placements, TaskManager frames, checkpoints, GC windows
// of the sum over all collectors, and job events.

import type { Migration } from './migration';

export const migration0001: Migration = {
  id: 1,
  name: 'recording',
  sql: `
CREATE TABLE header (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  app_version TEXT NOT NULL,
  created_ts INTEGER NOT NULL,
  host_name TEXT NOT NULL
);
-- File-local metric ids: frame blobs refer to these, so reordering shared/model.ts is harmless.
CREATE TABLE metrics (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('subtask', 'taskmanager')),
  name TEXT NOT NULL,
  UNIQUE (scope, name)
);
CREATE TABLE clusters (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  flink_version TEXT,
  fetch_interval_ms INTEGER,
  poll_interval_ms INTEGER NOT NULL
);
CREATE TABLE jobs (
  cluster_id INTEGER NOT NULL REFERENCES clusters (id),
  job_id TEXT NOT NULL,
  name TEXT NOT NULL,
  first_ts INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, job_id)
);
CREATE TABLE vertices (
  ref INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  job_id TEXT NOT NULL,
  vertex_id TEXT NOT NULL,
  UNIQUE (cluster_id, job_id, vertex_id),
  FOREIGN KEY (cluster_id, job_id) REFERENCES jobs (cluster_id, job_id)
);
-- A new row whenever name, parallelism (rescale) or position changes.
CREATE TABLE vertex_versions (
  vertex_ref INTEGER NOT NULL REFERENCES vertices (ref),
  ts INTEGER NOT NULL,
  name TEXT NOT NULL,
  parallelism INTEGER NOT NULL,
  max_parallelism INTEGER,
  topo_index INTEGER NOT NULL,
  PRIMARY KEY (vertex_ref, ts)
);
-- The whole edge set of a job as JSON [[source, target, shipStrategy], ...], when it changed.
CREATE TABLE edge_sets (
  cluster_id INTEGER NOT NULL,
  job_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  edges TEXT NOT NULL,
  PRIMARY KEY (cluster_id, job_id, ts)
);
CREATE TABLE ticks (
  cluster_id INTEGER NOT NULL REFERENCES clusters (id),
  ts INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'error')),
  latency_ms INTEGER NOT NULL,
  server_ts INTEGER,
  fresh INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  error TEXT,
  PRIMARY KEY (cluster_id, ts)
) WITHOUT ROWID;
CREATE INDEX ticks_by_ts ON ticks (ts);
-- One compressed blob per (vertex, tick) holding every subtask metric (see frame-codec.ts).
-- key = 1: decodable alone; key = 0: deltas against the previous frame of the same vertex.
CREATE TABLE vertex_frames (
  id INTEGER PRIMARY KEY,
  vertex_ref INTEGER NOT NULL REFERENCES vertices (ref),
  ts INTEGER NOT NULL,
  key INTEGER NOT NULL,
  parallelism INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE UNIQUE INDEX vertex_frames_by_vertex ON vertex_frames (vertex_ref, ts);
CREATE INDEX vertex_keyframes ON vertex_frames (vertex_ref, ts) WHERE key = 1;
-- Written with every frame from the exact values: rollups for zoomed-out views read this,
-- never the blobs. count = subtasks that reported the metric.
CREATE TABLE vertex_summaries (
  vertex_ref INTEGER NOT NULL,
  metric_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  mean REAL NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (vertex_ref, metric_id, ts)
) WITHOUT ROWID;
-- As the cluster aggregated them (subtasks/metrics?agg=...); NULL = not reported.
CREATE TABLE vertex_aggregates (
  vertex_ref INTEGER NOT NULL,
  metric_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  min REAL,
  max REAL,
  avg REAL,
  sum REAL,
  skew REAL,
  PRIMARY KEY (vertex_ref, metric_id, ts)
) WITHOUT ROWID;
-- TaskManager id per subtask index as JSON, only when it changed.
CREATE TABLE placements (
  id INTEGER PRIMARY KEY,
  vertex_ref INTEGER NOT NULL REFERENCES vertices (ref),
  ts INTEGER NOT NULL,
  task_managers TEXT NOT NULL,
  UNIQUE (vertex_ref, ts)
);
CREATE TABLE taskmanagers (
  ref INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters (id),
  tm_id TEXT NOT NULL,
  UNIQUE (cluster_id, tm_id)
);
CREATE TABLE taskmanager_frames (
  tm_ref INTEGER NOT NULL REFERENCES taskmanagers (ref),
  ts INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (tm_ref, ts)
) WITHOUT ROWID;
CREATE TABLE checkpoints (
  cluster_id INTEGER NOT NULL,
  job_id TEXT NOT NULL,
  checkpoint_id INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('COMPLETED', 'FAILED', 'IN_PROGRESS')),
  is_savepoint INTEGER NOT NULL,
  trigger_ts INTEGER NOT NULL,
  end_ts INTEGER NOT NULL,
  checkpointed_size INTEGER,
  state_size INTEGER,
  alignment_ms REAL,
  failure_message TEXT,
  PRIMARY KEY (cluster_id, job_id, checkpoint_id)
);
CREATE INDEX checkpoints_by_trigger ON checkpoints (trigger_ts);
CREATE TABLE gc_windows (
  tm_ref INTEGER NOT NULL REFERENCES taskmanagers (ref),
  start_ts INTEGER NOT NULL,
  end_ts INTEGER NOT NULL,
  gc_time_ms REAL NOT NULL,
  gc_count INTEGER NOT NULL,
  PRIMARY KEY (tm_ref, start_ts)
);
CREATE INDEX gc_windows_by_start ON gc_windows (start_ts);
-- JobEvent as JSON; kind and time duplicated for filtering.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  job_id TEXT,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX events_by_ts ON events (ts);
`,
};
