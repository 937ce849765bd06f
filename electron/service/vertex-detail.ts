// One vertex over a window, in columns: the per-subtask heatmap and the min/max charts of busy,
// idle, backpressured time and the buffer and record gauges. Decodes only this vertex's frames
// and only the metrics drawn, so the cost follows the window, not the session; and folds a long
// window chunk by chunk (DETAIL_CHUNK_BYTES of decoded values at a time), so the memory it takes
// follows the columns drawn, not the window (a day of a 256-subtask vertex is ≈300 MB decoded).

import {
  DETAIL_SERIES,
  type DetailSeriesKey,
  type HeatmapMetric,
  type MinMaxSeries,
  type VertexDetailResult,
} from '../../shared/api';
import { subtaskRatios } from '../../shared/analysis';
import { epochMs } from '../../shared/time';
import type { VertexInfo } from '../../shared/model';
import { bucketSpan, makeBuckets, MinMax, type Buckets } from './buckets';
import { FrameMemory } from '../session/frame-codec';
import { aggregatesWithoutFrames } from './gauge-fallback';
import type { Meta } from './session-cache';
import { releaseDeadBuffers } from './release-buffers';
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

/**
 * Decoded frame values (bytes) a vertex detail holds at once; a longer window is folded in chunks
 * (128 frames of a 256-subtask vertex; a key frame every 32 frames bounds the re-decoding at each
 * chunk's start). Served mode on 24 h of `large`, the whole UI bench run: peak RSS 740 MB with the
 * window decoded at once, 536 MB with 16 MB chunks, 434 MB with 4 MB (the detail ≈2 s each way).
 */
export const DETAIL_CHUNK_BYTES = 4 * 2 ** 20;

export async function vertexDetail(
  s: Pick<SessionState, 'reader' | 'meta'>,
  p: DetailAsk,
  chunkBytes = DETAIL_CHUNK_BYTES,
): Promise<VertexDetailResult> {
  const metric: HeatmapMetric = p.heatmap ?? 'backpressure';
  const meta = s.meta();
  const vertex = vertexOf(meta, p.clusterId, p.jobId, p.vertexId);
  // A sample stands for the interval it measured, ending at its tick: the first one after the
  // window covers the window's last seconds (a narrow window would otherwise end in "no data").
  const tail = p.to + holdMs(meta, p.clusterId) + intervalOf(meta, p.clusterId);
  const b = makeBuckets(p.from, p.to, p.columns);
  const heat: (number | null)[][] = [];
  const rows = (n: number) => {
    while (heat.length < n) heat.push(new Array<number | null>(p.columns).fill(null));
  };
  rows(vertex.parallelism);
  const series = Object.fromEntries(DETAIL_SERIES.map((k) => [k, new MinMax(p.columns)])) as Record<
    DetailSeriesKey,
    MinMax
  >;
  // A gauge stands for the poll interval ending at its frame; a sample for the interval it
  // measured, since the previous one: ticks that repeated the JobManager's answer leave no hole.
  const interval = meta.intervalMs.get(p.clusterId) ?? 0;
  // Chunks of the window, each read with the lead-in its first sample differences against (as the
  // window's start is); a chunk folds only the frames and samples after the previous chunk's end,
  // so the columns come out as from the whole window at once.
  const frameBytes = Math.max(1, vertex.parallelism) * DETAIL_METRICS.length * 8;
  const chunkMs = Math.max(64, Math.floor(chunkBytes / frameBytes)) * intervalOf(meta, p.clusterId);
  // Each chunk's frames are decoded into the memory the previous chunk's used.
  const memory = new FrameMemory();
  for (let c0 = p.from, first = true; first || c0 < tail; first = false) {
    const c1 = tail - c0 <= chunkMs * 1.5 ? tail : c0 + chunkMs;
    const mine = (ts: number) => first || ts > c0;
    memory.reset();
    foldChunk(s, meta, vertex, p, { c0, c1, tail, mine, first }, { b, heat, rows, series, interval, metric }, memory);
    // The chunk's blobs and decoded columns are garbage now: freed every few chunks, not once
    // 64 MB of them piled up (a thread's allocator keeps the high-water mark; release-buffers.ts).
    releaseDeadBuffers();
    c0 = c1;
    // Between chunks the thread answers the calls that came meanwhile: a day of a 256-subtask
    // vertex folds for seconds, and the analysis, the lanes and the graph must not wait for it.
    if (c0 < tail) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return {
    vertex,
    from: p.from,
    to: p.to,
    columns: p.columns,
    columnMs: b.width,
    t: Array.from({ length: p.columns }, (_, i) => p.from + i * b.width),
    heatmap: { subtasks: heat.length, metric, values: heat },
    series: Object.fromEntries(
      DETAIL_SERIES.map((k) => [k, { min: series[k].min, max: series[k].max } satisfies MinMaxSeries]),
    ) as Record<DetailSeriesKey, MinMaxSeries>,
  };
}

interface Fold {
  b: Buckets;
  heat: (number | null)[][];
  rows: (n: number) => void;
  series: Record<DetailSeriesKey, MinMax>;
  interval: number;
  metric: HeatmapMetric;
}

/** Folds the frames and samples of (c0, c1] (of [from − lead-in, c1] for the first chunk) into the columns. */
function foldChunk(
  s: Pick<SessionState, 'reader'>,
  meta: Meta,
  vertex: VertexInfo,
  p: DetailAsk,
  chunk: { c0: number; c1: number; tail: number; mine: (ts: number) => boolean; first: boolean },
  out: Fold,
  memory: FrameMemory,
): void {
  const { b, heat, series, interval, metric } = out;
  const frames = framesAround(s.reader, meta, vertex, chunk.c0, chunk.c1, DETAIL_METRICS, memory);
  const samples = frames.length
    ? subtaskRatios(frames, ticksBetween(meta, p.clusterId, frames[0]!.ts, chunk.tail))
    : [];
  for (const f of frames) if (chunk.mine(f.ts)) out.rows(f.parallelism);
  // Each sample's min/max over subtasks is folded once, then into every column its interval covers.
  const acc = { busy: new MinMax(1), idle: new MinMax(1), bp: new MinMax(1) };
  for (const smp of samples) {
    if (smp.gap || !chunk.mine(smp.ts)) continue;
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
    if (!chunk.mine(f.ts)) continue;
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
  const aggregates = s.reader
    .vertexAggregates(
      { from: epochMs(Math.max(0, chunk.first ? p.from - interval : chunk.c0)), to: epochMs(chunk.c1) },
      vertex,
    )
    .filter((a) => chunk.mine(a.ts));
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
}

/** Folds the min and max held in `from` (bucket 0) into bucket c of m. */
export function addRange(m: MinMax, c: number, from: MinMax): void {
  const lo = from.min[0] ?? null;
  const hi = from.max[0] ?? null;
  if (lo !== null) m.add(c, lo);
  if (hi !== null) m.add(c, hi);
}
