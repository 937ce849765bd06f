// What failed or was not asked in a tick, by endpoint (Flink's route, never ids) and the client's
// error kind (format 4+; older files keep only the tick's error text).

import type { ClusterId, TickProblem } from '../../../shared/model';
import type { EpochMs } from '../../../shared/time';
import type { EndpointProblem } from '../types';
import { hasTable, prepare, type Db } from './statements';

export const hasTickProblems = (db: Db): boolean => hasTable(db, 'tick_problems');

export function insertTickProblem(db: Db, clusterId: ClusterId, ts: EpochMs, p: TickProblem): void {
  prepare(db, 'INSERT INTO tick_problems (cluster_id, ts, endpoint, kind, count) VALUES (?, ?, ?, ?, ?)').run(
    clusterId,
    ts,
    p.endpoint,
    p.kind,
    p.count,
  );
}

interface EndpointProblemRow {
  cluster_id: number;
  endpoint: string;
  kind: string;
  count: number;
  ticks: number;
}

export function endpointProblemFromRow(r: EndpointProblemRow): EndpointProblem {
  return { endpoint: r.endpoint, kind: r.kind, count: r.count, ticks: r.ticks };
}

/** Failing endpoints per cluster over the whole session, the `limit` most frequent of each. */
export function endpointProblems(db: Db, limit: number): Map<ClusterId, EndpointProblem[]> {
  const out = new Map<ClusterId, EndpointProblem[]>();
  if (!hasTickProblems(db)) return out;
  const rows = prepare<EndpointProblemRow>(
    db,
    `SELECT cluster_id, endpoint, kind, sum(count) AS count, count(*) AS ticks FROM tick_problems
     GROUP BY cluster_id, endpoint, kind ORDER BY cluster_id, count DESC, endpoint`,
  ).all();
  for (const r of rows) {
    const list = out.get(r.cluster_id) ?? [];
    if (list.length < limit) list.push(endpointProblemFromRow(r));
    out.set(r.cluster_id, list);
  }
  return out;
}
