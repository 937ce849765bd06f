// Migration 5 (evidence). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// What the bottleneck was doing when an episode turned sustained: flame graphs and thread dumps,
// captured while recording, one row each, in the tick that completed it. `blob` is the answer as
// deflated JSON (null when nothing was captured: `status` and `note` say why, e.g. "not
// available: … rest.flamegraph.enabled"). `subtasks` is a JSON array of indexes, null = all.

import type { Migration } from './migration';

export const migration0005: Migration = {
  id: 5,
  name: 'evidence',
  sql: `
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters (id),
  ts INTEGER NOT NULL,
  job_id TEXT,
  vertex_id TEXT,
  subtasks TEXT,
  task_manager_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('flamegraph', 'thread-dump')),
  type TEXT CHECK (type IN ('FULL', 'ON_CPU', 'OFF_CPU')),
  status TEXT NOT NULL CHECK (status IN ('captured', 'not-available', 'failed', 'incomplete')),
  note TEXT,
  blob BLOB
);
CREATE INDEX evidence_by_tick ON evidence (cluster_id, ts);
`,
};
