// What one vertex did in one session's window, read off the analysis' own series and window
// stats (never recomputed here): its per-sample values, for percentiles and the noise rule, and
// the whole window's means, for throughput and buffer pools.

import { RATIO_SOURCES, SOURCE_NONE, type VertexSeries } from '../analysis/index';
import { lowerBound } from '../analysis/series';
import { windowStats, type WindowStats } from '../analysis/window-stats';

export interface VertexMeasures {
  /** Samples with a value in the window, and the time they cover. */
  samples: number;
  observedMs: number;
  intervalMs: number;
  lowMs: number;
  highMs: number;
  /** Share of the samples at LOW, at HIGH. */
  lowShare: number;
  highShare: number;
  /** Per sample, over subtasks: the highest backpressure ratio and busy fraction (the series' own). */
  ratio: number[];
  busy: number[];
  /** Per sample: the fullest subtask's pool usage and the records per second, summed over subtasks. */
  outPool: number[];
  inPool: number[];
  recordsIn: number[];
  recordsOut: number[];
  /** The whole window (rates from counters differenced over it); null without samples. */
  whole: WindowStats | null;
  /** Where the ratios came from, least precise last (RATIO_SOURCES names). */
  ratioSources: string[];
}

/** More samples than this are thinned evenly for the per-sample pool and rate values (their spread stays). */
export const MAX_DETAIL_SAMPLES = 4000;

/** A sample's interval ends at its ts: the window takes ts in (from, to], as windowStats does. */
const inside = (t: number, from: number, to: number): boolean => (t > from || (t === from && from === to)) && t <= to;

export function vertexMeasures(s: VertexSeries | null, from: number, to: number): VertexMeasures {
  const m: VertexMeasures = {
    samples: 0,
    observedMs: 0,
    intervalMs: s?.intervalMs ?? 0,
    lowMs: 0,
    highMs: 0,
    lowShare: NaN,
    highShare: NaN,
    ratio: [],
    busy: [],
    outPool: [],
    inPool: [],
    recordsIn: [],
    recordsOut: [],
    whole: null,
    ratioSources: [],
  };
  if (!s) return m;
  const sources = new Set<number>();
  const idx: number[] = [];
  let low = 0;
  let high = 0;
  for (let k = lowerBound(s, from); k < s.n && s.ts[k]! <= to; k++) {
    if (s.gap[k] || !inside(s.ts[k]!, from, to)) continue;
    idx.push(k);
    const span = s.ts[k]! - s.spanStart[k]!;
    m.observedMs += span;
    if (s.level[k] === 1) {
      low++;
      m.lowMs += span;
    } else if (s.level[k] === 2) {
      high++;
      m.highMs += span;
    }
    m.ratio.push(s.ratio[k]!);
    if (Number.isFinite(s.busyMax[k]!)) m.busy.push(s.busyMax[k]!);
    if (s.source[k] !== SOURCE_NONE) sources.add(s.source[k]!);
  }
  m.samples = idx.length;
  if (m.samples === 0) return m;
  m.lowShare = low / m.samples;
  m.highShare = high / m.samples;
  m.ratioSources = [...sources].sort((x, y) => x - y).map((c) => RATIO_SOURCES[c]!);
  m.whole = windowStats(s, from, to);
  const stride = Math.max(1, Math.ceil(idx.length / MAX_DETAIL_SAMPLES));
  for (let i = 0; i < idx.length; i += stride) {
    const k = idx[i]!;
    // One sample's own interval: windowStats over (previous sample, this one].
    const st = windowStats(s, k > 0 ? s.ts[k - 1]! : s.ts[k]! - 1, s.ts[k]!);
    const push = (xs: number[], v: number): void => {
      if (Number.isFinite(v)) xs.push(v);
    };
    push(m.outPool, st.outPoolMax);
    push(m.inPool, st.inPoolMax);
    push(m.recordsIn, st.recordsInPerSec);
    push(m.recordsOut, st.recordsOutPerSec);
  }
  return m;
}
