// Splitting a range query by time. Prometheus evaluates a range query at start + i·step and refuses
// more than 11,000 steps per series; chunks that start on that same grid and never share an
// instant give, merged, exactly the answer of the one big query.

import { MAX_POINTS_PER_SERIES } from './errors';

export interface QueryRange {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive (the last evaluation is the last grid point not after it). */
  end: number;
  stepMs: number;
}

/** Evaluation instants in a range: start, start + step, …, ≤ end. */
export function pointsIn(r: QueryRange): number {
  return r.end < r.start ? 0 : Math.floor((r.end - r.start) / r.stepMs) + 1;
}

/** Consecutive chunks of the range, each with at most `maxPoints` instants on the range's grid. */
export function splitRange(r: QueryRange, maxPoints: number = MAX_POINTS_PER_SERIES): QueryRange[] {
  if (!(r.stepMs > 0)) throw new Error(`step must be positive, got ${r.stepMs} ms`);
  const per = Math.max(1, Math.min(MAX_POINTS_PER_SERIES, Math.floor(maxPoints)));
  const total = pointsIn(r);
  const chunks: QueryRange[] = [];
  for (let first = 0; first < total; first += per) {
    const start = r.start + first * r.stepMs;
    const last = Math.min(total, first + per) - 1;
    chunks.push({ start, end: r.start + last * r.stepMs, stepMs: r.stepMs });
  }
  return chunks;
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** Epoch ms, ascending. */
  timestamps: number[];
  values: number[];
}

/** The identity of a series: its label set, independent of label order. */
export function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

/** Joins the chunks' answers (in time order) into one series per label set. */
export function mergeChunks(
  chunks: ReadonlyArray<
    ReadonlyArray<{ metric: Record<string, string>; values: ReadonlyArray<{ t: number; v: number }> }>
  >,
): RangeSeries[] {
  const byKey = new Map<string, RangeSeries>();
  for (const chunk of chunks) {
    for (const { metric, values } of chunk) {
      const key = seriesKey(metric);
      let s = byKey.get(key);
      if (!s) {
        s = { labels: metric, timestamps: [], values: [] };
        byKey.set(key, s);
      }
      for (const { t, v } of values) {
        s.timestamps.push(t);
        s.values.push(v);
      }
    }
  }
  return [...byKey.values()];
}
