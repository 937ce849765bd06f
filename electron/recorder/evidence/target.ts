// Whose evidence to capture when an episode turns sustained: the bottleneck downstream of the
// backpressured vertex (the same walk as the analysis, over this tick's frames), its busiest
// subtask when the load is skewed, and the TaskManagers that host the subtasks looked at.

import { findBottleneck, type VertexState } from '../../../shared/analysis/bottleneck';
import type { EdgeInfo, VertexFrame } from '../../../shared/model';

/** Thread dumps per capture at most: the TaskManagers of the busiest subtasks first. */
export const MAX_THREAD_DUMPS = 3;
/** Skewed: the busiest subtask is busy at least this much, and this much above the median. */
const SKEW_BUSY = 0.5;
const SKEW_ABOVE_MEDIAN = 0.3;

export interface CaptureTarget {
  jobId: string;
  vertexId: string;
  /** The busiest subtask when skewed, else null (the whole vertex). */
  skewedSubtask: number | null;
  /** TaskManager → the looked-at subtasks it hosts, busiest first, at most MAX_THREAD_DUMPS. */
  taskManagers: Map<string, number[]>;
}

const busyOf = (f: VertexFrame): Float64Array | undefined => f.subtasks.busyTimeMsPerSecond;

function maxBusy(f: VertexFrame): number {
  const busy = busyOf(f);
  if (!busy) return Number.NaN;
  let max = Number.NaN;
  for (const b of busy) if (!Number.isNaN(b) && !(b <= max)) max = b;
  return max / 1000;
}

function busiestSubtask(busy: Float64Array): number | null {
  const known = [...busy].map((b, i) => ({ b: b / 1000, i })).filter((x) => !Number.isNaN(x.b));
  if (known.length < 2) return null;
  const sorted = known.map((x) => x.b).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const top = known.reduce((a, x) => (x.b > a.b ? x : a));
  return top.b >= SKEW_BUSY && top.b - median >= SKEW_ABOVE_MEDIAN ? top.i : null;
}

/**
 * The capture target for an episode sustained on `vertexId`; null when no bottleneck stands out.
 * `backpressured` names the job's vertices with an open episode; `placement` the last known
 * TaskManager per subtask of each vertex.
 */
export function captureTarget(
  jobId: string,
  vertexId: string,
  frames: ReadonlyMap<string, VertexFrame>,
  edges: readonly EdgeInfo[],
  backpressured: ReadonlySet<string>,
  placement: ReadonlyMap<string, readonly string[]>,
): CaptureTarget | null {
  const downstream = new Map<string, string[]>();
  for (const e of edges) downstream.set(e.source, [...(downstream.get(e.source) ?? []), e.target]);
  const stateOf = (id: string): VertexState | undefined => {
    const f = frames.get(id);
    return f ? { backpressured: backpressured.has(id), busy: maxBusy(f) } : undefined;
  };
  const found = findBottleneck(downstream, stateOf, vertexId);
  // Two busy candidates: the busier one is still the best place to look.
  const bottleneck =
    found.vertexId ??
    found.candidates.reduce<string | null>(
      (a, c) => (a === null || maxBusy(frames.get(c)!) > maxBusy(frames.get(a)!) ? c : a),
      null,
    );
  if (bottleneck === null) return null;
  return vertexTarget(jobId, bottleneck, frames.get(bottleneck), placement.get(bottleneck) ?? []);
}

/**
 * The capture target for a user's request on `vertexId` itself (no walk): its busiest subtask when
 * skewed (from this tick's frame, when the vertex was polled), the TaskManagers of its subtasks.
 */
export function vertexTarget(
  jobId: string,
  vertexId: string,
  frame: VertexFrame | undefined,
  hosts: readonly string[],
): CaptureTarget {
  const busy = frame ? busyOf(frame) : undefined;
  const skewedSubtask = busy ? busiestSubtask(busy) : null;
  const order =
    skewedSubtask !== null
      ? [skewedSubtask]
      : [...Array(frame?.parallelism ?? hosts.length).keys()].sort((a, b) => (busy?.[b] ?? 0) - (busy?.[a] ?? 0));
  const taskManagers = new Map<string, number[]>();
  for (const i of order) {
    const tm = hosts[i];
    if (!tm) continue;
    if (!taskManagers.has(tm) && taskManagers.size >= MAX_THREAD_DUMPS) continue;
    taskManagers.set(tm, [...(taskManagers.get(tm) ?? []), i]);
  }
  return { jobId, vertexId, skewedSubtask, taskManagers };
}
