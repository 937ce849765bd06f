// Vertex frames as the reader returns them: the stored blobs decoded from the key frame at or
// before the range (frame-codec.ts), with the placement in force and the cluster's time-counter
// sums of each tick.

import {
  counterTotal,
  TIME_COUNTERS,
  type CounterTotal,
  type SubtaskMetric,
  type TimeCounter,
  type VertexFrame,
} from '../../shared/model';
import { epochMs } from '../../shared/time';
import { decodeFrame, type CodecState, type FrameMemory } from './frame-codec';
import type { ReaderIds } from './reader-ids';
import { aggregateSums, decodePlacement, frameRows, lastKeyFrameTs, placementRows } from './sql/frames';
import type { Db } from './sql/statements';
import type { VertexRef } from './sql/topology';

/**
 * The vertex's frames in [from, to], oldest first, limited to `metrics` when given. `taskManagers`
 * is set on the first frame (placement as of then) and where placement changed. With `memory`,
 * the values are views into it (valid until its next reset).
 */
export function decodeVertexFrames(
  db: Db,
  ids: ReaderIds,
  v: VertexRef,
  from: number,
  to: number,
  metrics?: readonly SubtaskMetric[],
  memory?: FrameMemory,
): VertexFrame[] {
  const wanted = metrics === undefined ? undefined : new Set(ids.subtaskMetricIds(metrics));
  const rows = frameRows(db, v.ref, lastKeyFrameTs(db, v.ref, from) ?? from, to);
  const placements = placementRows(db, v.ref, from, to);
  const totals = counterTotals(db, ids, v, from, to);
  const out: VertexFrame[] = [];
  let state: CodecState | null = null;
  let pi = 0;
  for (const row of rows) {
    const decoded = decodeFrame(row.data, row.key === 1 ? null : state, wanted, memory);
    state = decoded.state;
    if (row.ts < from) continue;
    const subtasks: Partial<Record<SubtaskMetric, Float64Array>> = {};
    for (const [id, values] of decoded.columns) {
      const name = ids.subtaskMetricName(id);
      if (name !== undefined) subtasks[name] = values;
    }
    const frame: VertexFrame = {
      clusterId: v.clusterId,
      jobId: v.jobId,
      vertexId: v.vertexId,
      ts: epochMs(row.ts),
      parallelism: decoded.parallelism,
      subtasks,
    };
    // Placement as of this frame: the latest placement at or before it.
    let placement: string | null = null;
    while (pi < placements.length && placements[pi]!.ts <= row.ts) placement = placements[pi++]!.encoded;
    if (placement !== null || (out.length === 0 && pi > 0))
      frame.taskManagers = decodePlacement(placement ?? placements[pi - 1]!.encoded);
    const t = totals.get(row.ts);
    if (t) frame.totals = t;
    out.push(frame);
  }
  return out;
}

/** The time counters' sums the cluster reported for one vertex, by tick (see VertexFrame.totals). */
export function counterTotals(
  db: Db,
  ids: ReaderIds,
  v: VertexRef,
  from: number,
  to: number,
): Map<number, Partial<Record<TimeCounter, CounterTotal>>> {
  const out = new Map<number, Partial<Record<TimeCounter, CounterTotal>>>();
  const names = new Map<number, TimeCounter>();
  for (const c of TIME_COUNTERS) {
    const id = ids.subtaskMetricId(c, false);
    if (id !== undefined) names.set(id, c);
  }
  if (names.size === 0) return out;
  for (const r of aggregateSums(db, v.ref, [...names.keys()], from, to)) {
    const t = counterTotal(r.sum, r.avg);
    if (!t) continue;
    const at = out.get(r.ts) ?? {};
    at[names.get(r.metricId)!] = t;
    out.set(r.ts, at);
  }
  return out;
}
