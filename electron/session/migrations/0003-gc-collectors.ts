// Migration 3 (gc-collectors). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// Raw GC windows per collector (Status.JVM.GarbageCollector.<Collector>.Time/.Count), so an
// old-generation pause is told apart from young-generation background. `collector` is the JVM's
// name ("G1 Old Generation"). gc_windows keeps windows of the sum over all collectors: files
// recorded before this migration, and clusters that report only the `All` aggregate.

import type { Migration } from './migration';

export const migration0003: Migration = {
  id: 3,
  name: 'gc-collectors',
  sql: `
CREATE TABLE gc_collector_windows (
  tm_ref INTEGER NOT NULL REFERENCES taskmanagers (ref),
  collector TEXT NOT NULL,
  start_ts INTEGER NOT NULL,
  end_ts INTEGER NOT NULL,
  gc_time_ms REAL NOT NULL,
  gc_count INTEGER NOT NULL,
  PRIMARY KEY (tm_ref, collector, start_ts)
);
CREATE INDEX gc_collector_windows_by_start ON gc_collector_windows (start_ts);
`,
};
