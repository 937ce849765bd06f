// Where an imported session's data came from (format 7+, one row; none for a REST recording).

import type { SessionSource } from '../../../shared/provenance';
import { hasTable, prepare, type Db } from './statements';

export const hasSource = (db: Db): boolean => hasTable(db, 'source');

interface SourceRow {
  kind: 'prometheus';
  url: string;
  selector: string | null;
  jobs: string;
  step_ms: number;
  step_from_scrape: number;
  from_ts: number;
  to_ts: number | null;
  follow: number;
  topology_from: string | null;
}

export function sourceFromRow(r: SourceRow): SessionSource {
  return {
    kind: r.kind,
    url: r.url,
    selector: r.selector,
    jobs: JSON.parse(r.jobs) as string[],
    stepMs: r.step_ms,
    stepFromScrape: r.step_from_scrape === 1,
    from: r.from_ts,
    to: r.to_ts,
    follow: r.follow === 1,
    topologyFrom: r.topology_from,
  };
}

export function writeSource(db: Db, s: SessionSource): void {
  prepare(
    db,
    `INSERT OR REPLACE INTO source (id, kind, url, selector, jobs, step_ms, step_from_scrape, from_ts, to_ts, follow, topology_from)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.kind,
    s.url,
    s.selector,
    JSON.stringify(s.jobs),
    s.stepMs,
    s.stepFromScrape ? 1 : 0,
    s.from,
    s.to,
    s.follow ? 1 : 0,
    s.topologyFrom,
  );
}

export function setSourceEnd(db: Db, to: number): void {
  prepare(db, 'UPDATE source SET to_ts = ? WHERE id = 1').run(to);
}

/** The file's source, or null: a REST recording, or a file older than format 7. */
export function readSource(db: Db): SessionSource | null {
  if (!hasSource(db)) return null;
  const r = prepare<SourceRow>(
    db,
    'SELECT kind, url, selector, jobs, step_ms, step_from_scrape, from_ts, to_ts, follow, topology_from FROM source WHERE id = 1',
  ).get();
  return r === undefined ? null : sourceFromRow(r);
}
