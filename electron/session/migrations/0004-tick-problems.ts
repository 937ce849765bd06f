// Migration 4 (tick-problems). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// What failed or was not asked in a tick, by endpoint (Flink's route, never ids) and the client's
// error kind, so `info` and reports can say which endpoints failed how often. Bounded per tick by
// the recorder (routes, not vertices).

import type { Migration } from './migration';

export const migration0004: Migration = {
  id: 4,
  name: 'tick-problems',
  sql: `
CREATE TABLE tick_problems (
  cluster_id INTEGER NOT NULL REFERENCES clusters (id),
  ts INTEGER NOT NULL,
  endpoint TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, ts, endpoint, kind)
) WITHOUT ROWID;
`,
};
