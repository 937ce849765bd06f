// One vertex over a window, in columns: the per-subtask heatmap and the min/max charts of busy,
// idle, backpressured time and the buffer and record gauges. Decodes only this vertex's frames
// and only the metrics drawn, so the cost follows the window, not the session.

import {
  DETAIL_SERIES,
  type DetailSeriesKey,
  type HeatmapMetric,
  type MinMaxSeries,
  type VertexDetailResult,
} from '../../shared/api';
import { subtaskRatios } from '../../shared/analysis';
import { epochMs } from '../../shared/time';
import { bucketSpan, makeBuckets, MinMax } from './buckets';
import { aggregatesWithoutFrames } from './gauge-fallback';
import type { SessionState } from './session-state';
import { DETAIL_METRICS, framesAround, GAUGES, holdMs, intervalOf, ticksBetween, vertexOf } from './vertex-frames';

export type DetailAsk = {
  clusterId: number;
  jobId: string;
  vertexId: string;
  from: number;
  to: number;
  columns: number;
  heatmap?: HeatmapMetric | undefined;
};

export function vertexDetail(s: Pick<SessionState, 'reader' | 'meta'>, p: DetailAsk): VertexDetailResult {
  const metric: HeatmapMetric = p.heatmap ?? 'backpressure';
  const meta = s.meta();
  const vertex = vertexOf(meta, p.clusterId, p.jobId, p.vertexId);
  // A sample stands for the interval it measured, ending at its tick: the first one after the
  // window covers the window's last seconds (a narrow window would otherwise end in "no data").
  const tail = p.to + holdMs(meta, p.clusterId) + intervalOf(meta, p.clusterId);
  const frames = framesAround(s.reader, meta, vertex, p.from, tail, DETAIL_METRICS);
  const samples = frames.length ? subtaskRatios(frames, ticksBetween(meta, p.clusterId, frames[0]!.ts, tail)) : [];
  const b = makeBuckets(p.from, p.to, p.columns);
  const subtasks = Math.max(vertex.parallelism, ...frames.map((f) => f.parallelism));
  const heat: (number | null)[][] = Array.from({ length: subtasks }, () =>
    new Array<number | null>(p.columns).fill(null),
  );
  const series = Object.fromEntries(DETAIL_SERIES.map((k) => [k, new MinMax(p.columns)])) as Record<
    DetailSeriesKey,
    MinMax
  >;
  // A gauge stands for the poll interval ending at its frame; a sample for the interval it
  // measured, since the previous one: ticks that repeated the JobManager's answer leave no hole.
  const interval = meta.intervalMs.get(p.clusterId) ?? 0;
  // Each sample's min/max over subtasks is folded once, then into every column its interval covers.
  const acc = { busy: new MinMax(1), idle: new MinMax(1), bp: new MinMax(1) };
  for (const smp of samples) {
    if (smp.gap) continue;
    const span = bucketSpan(b, smp.spanStart, smp.ts);
    if (!span) continue;
    for (const m of Object.values(acc)) m.min[0] = m.max[0] = null;
    const cells = metric === 'busy' ? smp.busy : metric === 'idle' ? smp.idle : smp.ratio;
    for (let i = 0; i < smp.ratio.length; i++) {
      const r = smp.ratio[i]!;
      const v = cells[i]!;
      const row = heat[i];
      if (row && Number.isFinite(v)) for (let c = span[0]; c <= span[1]; c++) row[c] = Math.max(row[c] ?? 0, v);
      acc.busy.add(0, smp.busy[i]! * 1000);
      acc.idle.add(0, smp.idle[i]! * 1000);
      acc.bp.add(0, r * 1000);
    }
    for (let c = span[0]; c <= span[1]; c++) {
      addRange(series.busyTimeMsPerSecond, c, acc.busy);
      addRange(series.idleTimeMsPerSecond, c, acc.idle);
      addRange(series.backPressuredTimeMsPerSecond, c, acc.bp);
    }
  }
  const one = new MinMax(1);
  for (const f of frames) {
    const span = bucketSpan(b, f.ts - interval, f.ts);
    if (!span) continue;
    for (const m of GAUGES) {
      const vals = f.subtasks[m];
      if (!vals) continue;
      one.min[0] = one.max[0] = null;
      for (const x of vals) one.add(0, x);
      for (let c = span[0]; c <= span[1]; c++) addRange(series[m], c, one);
    }
  }
  // Where no frame has a gauge per subtask (a vertex outside the poll plan's detail, and record
  // rates always), the cluster's own min/max over the subtasks at that tick.
  const aggregates = s.reader.vertexAggregates(
    { from: epochMs(Math.max(0, p.from - interval)), to: epochMs(tail) },
    vertex,
  );
  for (const [m, list] of aggregatesWithoutFrames(frames, aggregates, GAUGES)) {
    for (const a of list) {
      const span = bucketSpan(b, a.ts - interval, a.ts);
      if (!span) continue;
      one.min[0] = one.max[0] = null;
      one.add(0, a.min);
      one.add(0, a.max);
      for (let c = span[0]; c <= span[1]; c++) addRange(series[m as (typeof GAUGES)[number]], c, one);
    }
  }
  return {
    vertex,
    from: p.from,
    to: p.to,
    columns: p.columns,
    columnMs: b.width,
    t: Array.from({ length: p.columns }, (_, i) => p.from + i * b.width),
    heatmap: { subtasks, metric, values: heat },
    series: Object.fromEntries(
      DETAIL_SERIES.map((k) => [k, { min: series[k].min, max: series[k].max } satisfies MinMaxSeries]),
    ) as Record<DetailSeriesKey, MinMaxSeries>,
  };
}

/** Folds the min and max held in `from` (bucket 0) into bucket c of m. */
export function addRange(m: MinMax, c: number, from: MinMax): void {
  const lo = from.min[0] ?? null;
  const hi = from.max[0] ?? null;
  if (lo !== null) m.add(c, lo);
  if (hi !== null) m.add(c, hi);
}
