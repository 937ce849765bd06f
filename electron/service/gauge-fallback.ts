// Where the vertex detail's gauges come from. The recorder fetches buffer usages and record
// rates per subtask only for the vertices its poll plan singles out (`--detail hot`); for every
// vertex, every tick, it stores the cluster's own aggregate over the subtasks (min/max/avg/sum of
// `/subtasks/metrics?agg=`). Record rates are never fetched per subtask at all: the subtasks'
// `numRecordsIn/Out` counters are. So a chart reads the per-subtask gauges where a frame has
// them, the cluster's min/max where it has not, and a subtask's records per second come from
// differencing its counters.

import type { SubtaskMetric, VertexFrame } from '../../shared/model';

export interface GaugeAggregate {
  ts: number;
  metric: SubtaskMetric;
  min: number;
  max: number;
}

/**
 * The cluster-side min/max of `metrics` at the instants where no frame carries per-subtask values
 * of that metric, by metric, in time order.
 */
export function aggregatesWithoutFrames(
  frames: readonly VertexFrame[],
  aggregates: readonly GaugeAggregate[],
  metrics: readonly SubtaskMetric[],
): Map<SubtaskMetric, GaugeAggregate[]> {
  const out = new Map<SubtaskMetric, GaugeAggregate[]>(metrics.map((m) => [m, []]));
  const covered = new Map<SubtaskMetric, Set<number>>(metrics.map((m) => [m, new Set()]));
  for (const f of frames)
    for (const m of metrics) if (f.subtasks[m]?.some((x) => Number.isFinite(x))) covered.get(m)!.add(f.ts);
  for (const a of aggregates) {
    const list = out.get(a.metric);
    if (!list || covered.get(a.metric)!.has(a.ts) || !(Number.isFinite(a.min) || Number.isFinite(a.max))) continue;
    list.push(a);
  }
  for (const list of out.values()) list.sort((x, y) => x.ts - y.ts);
  return out;
}

export type RecordCounter = 'numRecordsIn' | 'numRecordsOut';
export const RECORD_COUNTERS: readonly RecordCounter[] = ['numRecordsIn', 'numRecordsOut'];

/**
 * Per-subtask records per second at the newest frame, from its counter and the one fetched before
 * it. A tick that repeated the JobManager's answer carries the same counters: a run of equal
 * frames is one fetch, timed by its first frame, so a repeat never reads as zero records nor as
 * twice the rate. NaN where a subtask lacks either value or its counter went back (a restart);
 * null when the frames carry no such counters or no earlier fetch.
 */
export function counterRates(frames: readonly VertexFrame[], counter: RecordCounter): Float64Array | null {
  const last = frames.at(-1);
  const now = last?.subtasks[counter];
  if (!last || !now) return null;
  const same = (f: VertexFrame, vals: Float64Array): boolean => {
    const x = f.subtasks[counter];
    return (
      !!x && f.parallelism === last.parallelism && x.length === vals.length && x.every((v, i) => Object.is(v, vals[i]))
    );
  };
  // The newest fetch: the run of frames equal to the last one, timed by its first frame.
  let k = frames.length - 1;
  while (k > 0 && same(frames[k - 1]!, now)) k--;
  const tNow = frames[k]!.ts;
  // The fetch before it: the preceding run, timed by its first frame.
  let j = k - 1;
  const before = frames[j]?.subtasks[counter];
  if (j < 0 || !before || frames[j]!.parallelism !== last.parallelism) return null;
  while (j > 0 && same(frames[j - 1]!, before)) j--;
  const dt = (tNow - frames[j]!.ts) / 1000;
  if (!(dt > 0)) return null;
  return Float64Array.from(now, (x, i) => {
    const d = x - (before[i] ?? NaN);
    return Number.isFinite(d) && d >= 0 ? d / dt : NaN;
  });
}
