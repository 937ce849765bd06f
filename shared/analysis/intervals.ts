// Time intervals of an episode: when it was backpressured, when its bottleneck was busy, and how
// much of the one the other covers (what ranks the cause hints).

import { lowerBound, type VertexSeries } from './series';
import { BUSY_RATIO } from './thresholds';

/** [from, to] in epoch ms, from ≤ to. */
export type Interval = readonly [number, number];

/** Sorted, non-overlapping union of intervals (touching ones joined). */
export function unionOf(intervals: readonly Interval[]): Interval[] {
  const s = intervals
    .filter(([a, b]) => b >= a)
    .slice()
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const lengthOf = (xs: readonly Interval[]): number => xs.reduce((n, [a, b]) => n + (b - a), 0);

/**
 * Share (0..1) of `of` that `by` covers. A zero-length `of` (one instant) is covered or not.
 * Empty `of` covers nothing.
 */
export function coveredShare(of: readonly Interval[], by: readonly Interval[]): number {
  const base = unionOf(of);
  const cover = unionOf(by);
  if (base.length === 0 || cover.length === 0) return 0;
  const total = lengthOf(base);
  if (total === 0) return base.some(([t]) => cover.some(([a, b]) => a <= t && t <= b)) ? 1 : 0;
  let covered = 0;
  let j = 0;
  for (const [a, b] of base) {
    while (j < cover.length && cover[j]![1] <= a) j++;
    for (let k = j; k < cover.length && cover[k]![0] < b; k++) {
      covered += Math.max(0, Math.min(b, cover[k]![1]) - Math.max(a, cover[k]![0]));
    }
  }
  return Math.min(1, covered / total);
}

/** The intervals of a series' samples with ts in [start, end] that pass `keep` (gaps never do). */
function sampleIntervals(s: VertexSeries, start: number, end: number, keep: (k: number) => boolean): Interval[] {
  const out: Interval[] = [];
  for (let k = lowerBound(s, start); k < s.n && s.ts[k]! <= end; k++) {
    if (!s.gap[k] && keep(k)) out.push([Math.max(start, s.spanStart[k]!), s.ts[k]!]);
  }
  return out;
}

/** When a vertex was backpressured (LOW or HIGH) between start and end. */
export function backpressuredIntervals(s: VertexSeries, start: number, end: number): Interval[] {
  return sampleIntervals(s, start, end, (k) => s.level[k]! >= 1);
}

/**
 * When a vertex's busiest subtask was busy (at least BUSY_RATIO) in (start, end]; null when busy
 * time is not reported there.
 */
export function busyIntervals(s: VertexSeries, start: number, end: number): Interval[] | null {
  let reported = false;
  const out = sampleIntervals(s, start, end, (k) => {
    const b = s.busyMax[k]!;
    if (!Number.isFinite(b) || s.ts[k]! <= start) return false;
    reported = true;
    return b >= BUSY_RATIO;
  });
  return reported ? out : null;
}
