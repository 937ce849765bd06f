// Public building blocks for the UI: a vertex's level series, and per-subtask values.

import type { TickInfo, VertexFrame } from '../model';
import { AnalysisInputError, type AnalysisInput } from './input';
import type { VertexKey } from '../keys';
import { allocSubtaskBuffers } from './ratios';
import {
  buildSeries,
  GAP_REASONS,
  sampleSubtasks,
  type GapReason,
  type SeriesContext,
  type VertexSeries,
} from './series';
import { indexInput, jobStateAt, type AnalysisIndex } from './session-index';

function isIndex(x: AnalysisInput | AnalysisIndex): x is AnalysisIndex {
  return 'frames' in x && x.frames instanceof Map;
}

export function seriesContext(ix: AnalysisIndex, clusterId: number, jobId: string): SeriesContext {
  const ticks = ix.ticks.get(clusterId);
  const c = ix.clusters.get(clusterId);
  const nominal = c ? Math.max(c.pollIntervalMs, c.fetchIntervalMs ?? 10_000) : null;
  return {
    tick: (ts) => ticks?.get(ts),
    running: (ts) => {
      const st = jobStateAt(ix, clusterId, jobId, ts);
      return st === null || st.toUpperCase() === 'RUNNING';
    },
    nominalIntervalMs: nominal,
  };
}

/**
 * Level series of one vertex (key from `vertexKey`). Accepts the raw input or a prebuilt
 * `indexInput(...)` when several vertices are asked for.
 */
export function vertexLevelSeries(input: AnalysisInput | AnalysisIndex, key: VertexKey): VertexSeries {
  const ix = isIndex(input) ? input : indexInput(input);
  const frames = ix.frames.get(key);
  if (!frames) throw new AnalysisInputError(`no frames recorded for vertex ${key}`);
  const f0 = frames[0]!;
  return buildSeries(key, frames, seriesContext(ix, f0.clusterId, f0.jobId));
}

export interface SubtaskSample {
  ts: number;
  /** Start of the interval the sample measured: the previous sample, or ts − interval after a gap. */
  spanStart: number;
  gap: boolean;
  /** Why it is a gap; null when it is not. */
  reason: GapReason | null;
  /** Per subtask index; NaN where not reported. */
  ratio: Float64Array;
  busy: Float64Array;
  idle: Float64Array;
  /** RATIO_SOURCES index per subtask, SOURCE_NONE where none. */
  source: Uint8Array;
}

/**
 * Per-subtask backpressure/busy/idle fractions of one vertex's frames, with the same freshness,
 * gap and counter-reset rules as the level series. Pass the cluster's ticks to use JobManager
 * fetch times and freshness; without them frame times are used.
 */
export function subtaskRatios(frames: readonly VertexFrame[], ticks: readonly TickInfo[] = []): SubtaskSample[] {
  if (frames.length === 0) return [];
  const sorted = frames.slice().sort((a, b) => a.ts - b.ts);
  const byTs = new Map<number, TickInfo>(ticks.map((t) => [t.ts, t]));
  const s = buildSeries('subtasks', sorted, {
    tick: (ts) => byTs.get(ts),
    running: () => true,
    nominalIntervalMs: null,
  });
  const out: SubtaskSample[] = [];
  for (let k = 0; k < s.n; k++) {
    const p = s.total[k]!;
    const buf = allocSubtaskBuffers(p);
    if (s.gapReason[k] === 1) {
      buf.ratio.fill(NaN);
      buf.busy.fill(NaN);
      buf.idle.fill(NaN);
      buf.source.fill(255);
    } else sampleSubtasks(s, k, buf);
    const reason = GAP_REASONS[s.gapReason[k]!]!;
    out.push({
      ts: s.ts[k]!,
      spanStart: s.spanStart[k]!,
      gap: s.gap[k] === 1,
      reason: reason === '' ? null : reason,
      ratio: buf.ratio,
      busy: buf.busy,
      idle: buf.idle,
      source: buf.source,
    });
  }
  return out;
}
