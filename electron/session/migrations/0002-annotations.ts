// Migration 2 (annotations). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// User notes on the timeline, and automatic annotations the user kept.

import type { Migration } from './migration';

export const migration0002: Migration = {
  id: 2,
  name: 'annotations',
  sql: `
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('user', 'auto')),
  auto_key TEXT UNIQUE,
  start_ts INTEGER NOT NULL,
  end_ts INTEGER,
  text TEXT NOT NULL,
  tag TEXT,
  cluster_id INTEGER,
  job_id TEXT,
  vertex_id TEXT,
  pinned INTEGER NOT NULL DEFAULT 0,
  created_ts INTEGER NOT NULL,
  updated_ts INTEGER NOT NULL,
  CHECK (end_ts IS NULL OR end_ts >= start_ts),
  CHECK ((source = 'auto') = (auto_key IS NOT NULL))
);
CREATE INDEX annotations_by_start ON annotations (start_ts);
`,
};
