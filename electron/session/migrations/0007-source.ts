// Migration 7 (source). NEVER edit it: files record a sha256 of this SQL and refuse to open
// when it changed (see ../migrate.ts). Add a new migration instead.
// Where the session's data came from when it was not recorded over Flink's REST API: one row for
// a session imported from a metrics store (kind 'prometheus'), none for a REST recording. `url` is
// the store's URL without credentials; `selector` the --match matchers; `jobs` a JSON array of the
// --job values as given ([] = all); `step_ms` the step and `step_from_scrape` 1 when it was read
// from the samples; `from_ts`/`to_ts` the window (`to_ts` the last instant imported while
// following, NULL before the first); `follow` 1 for --follow; `topology_from` where the job graph
// came from (no credentials), NULL = none.

import type { Migration } from './migration';

export const migration0007: Migration = {
  id: 7,
  name: 'source',
  sql: `
CREATE TABLE source (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kind TEXT NOT NULL CHECK (kind IN ('prometheus')),
  url TEXT NOT NULL,
  selector TEXT,
  jobs TEXT NOT NULL,
  step_ms INTEGER NOT NULL,
  step_from_scrape INTEGER NOT NULL,
  from_ts INTEGER NOT NULL,
  to_ts INTEGER,
  follow INTEGER NOT NULL,
  topology_from TEXT
);
`,
};
