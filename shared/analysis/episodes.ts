// Episodes: contiguous stretches of a vertex at LOW or HIGH. Interruptions (OK samples, gaps,
// missing data) shorter than the merge gap are bridged; a longer one ends the episode.

import { SOURCE_NONE } from './ratios';
import type { VertexSeries } from './series';
import { RECURRING_MIN, RECURRING_TOLERANCE } from './thresholds';

export interface RawEpisode {
  firstIdx: number;
  lastIdx: number;
  /** Start of the first backpressured sample's interval; end = last backpressured sample. */
  start: number;
  end: number;
  durationMs: number;
  /** 1 LOW, 2 HIGH. */
  peak: number;
  /** Mean over non-gap samples inside the episode of the vertex's max subtask ratio. */
  meanRatio: number;
  /** Share of non-gap samples inside the episode that are LOW or HIGH. */
  dutyCycle: number;
  maxAffected: number;
  minTotal: number;
  maxTotal: number;
  /** Samples at LOW/HIGH per RATIO_SOURCES index. */
  sourceCounts: number[];
  /** Most used source among backpressured samples. */
  source: number;
  rescaled: boolean;
  gapSamples: number;
}

export interface EpisodeScan {
  mergeGapMs: number;
  from: number;
  to: number;
}

export function findEpisodes(s: VertexSeries, scan: EpisodeScan): RawEpisode[] {
  const out: RawEpisode[] = [];
  let first = -1;
  let last = -1;
  let start = 0;
  let end = 0;
  const close = (): void => {
    if (first >= 0) out.push(summarise(s, first, last, start, end, scan));
    first = -1;
  };
  for (let k = 0; k < s.n; k++) {
    const t = s.ts[k]!;
    if (t < scan.from || t > scan.to) continue;
    if (s.level[k]! < 1) continue;
    const spanStart = Math.max(s.spanStart[k]!, scan.from);
    if (first >= 0 && spanStart - end < scan.mergeGapMs) {
      last = k;
      end = t;
      continue;
    }
    close();
    first = last = k;
    start = spanStart;
    end = t;
  }
  close();
  return out;
}

function summarise(
  s: VertexSeries,
  first: number,
  last: number,
  start: number,
  end: number,
  scan: EpisodeScan,
): RawEpisode {
  let nonGap = 0;
  let bp = 0;
  let sum = 0;
  let peak = 1;
  let maxAffected = 0;
  let minTotal = Infinity;
  let maxTotal = 0;
  let rescaled = false;
  let gapSamples = 0;
  const sourceCounts = [0, 0, 0, 0, 0];
  for (let k = first; k <= last; k++) {
    const t = s.ts[k]!;
    if (t < scan.from || t > scan.to) continue;
    if (k > first && s.rescaled[k]) rescaled = true;
    if (s.gap[k]) {
      gapSamples++;
      continue;
    }
    nonGap++;
    sum += s.ratio[k]!;
    const total = s.total[k]!;
    if (total < minTotal) minTotal = total;
    if (total > maxTotal) maxTotal = total;
    const lv = s.level[k]!;
    if (lv >= 1) {
      bp++;
      if (lv > peak) peak = lv;
      if (s.affected[k]! > maxAffected) maxAffected = s.affected[k]!;
      const src = s.source[k]!;
      if (src !== SOURCE_NONE) sourceCounts[src]!++;
    }
  }
  let source = 0;
  for (let i = 1; i < sourceCounts.length; i++) if (sourceCounts[i]! > sourceCounts[source]!) source = i;
  return {
    firstIdx: first,
    lastIdx: last,
    start,
    end,
    durationMs: end - start,
    peak,
    meanRatio: nonGap > 0 ? sum / nonGap : NaN,
    dutyCycle: nonGap > 0 ? bp / nonGap : NaN,
    maxAffected,
    minTotal: Number.isFinite(minTotal) ? minTotal : 0,
    maxTotal,
    sourceCounts,
    source,
    rescaled,
    gapSamples,
  };
}

export interface Recurrence {
  periodMs: number;
}

/**
 * Transient episodes of one vertex that start at a regular period (e.g. every checkpoint):
 * at least RECURRING_MIN of them, every spacing within RECURRING_TOLERANCE (or one sample
 * interval, whichever is larger) of the median spacing. Returns null when not regular.
 */
export function detectRecurrence(starts: readonly number[], intervalMs: number): Recurrence | null {
  if (starts.length < RECURRING_MIN) return null;
  const sorted = starts.slice().sort((a, b) => a - b);
  const diffs: number[] = [];
  for (let i = 1; i < sorted.length; i++) diffs.push(sorted[i]! - sorted[i - 1]!);
  const ds = diffs.slice().sort((a, b) => a - b);
  const m = ds.length >> 1;
  const period = ds.length % 2 ? ds[m]! : (ds[m - 1]! + ds[m]!) / 2;
  if (!(period > 0)) return null;
  const tol = Math.max(RECURRING_TOLERANCE * period, intervalMs);
  for (const d of diffs) if (Math.abs(d - period) > tol) return null;
  return { periodMs: Math.round(period) };
}
