// The small chart of each incident: its vertices' backpressure ratio (max over subtasks) around
// it, and the busy fraction of its bottleneck, which is the evidence for blaming it.

import type { VertexSeries } from '../analysis/series';
import { LOW_MAX_RATIO, OK_MAX_RATIO } from '../analysis/levels';
import type { ChartSeries, LineChart } from './types';

const MIN_PAD_MS = 120_000;
const MAX_POINTS = 360;

/** Context shown either side of an episode: half its length, at least two minutes. */
export function chartWindow(
  start: number,
  end: number,
  range: { from: number; to: number },
): { from: number; to: number } {
  const pad = Math.max(MIN_PAD_MS, (end - start) / 2);
  return { from: Math.max(range.from, start - pad), to: Math.min(range.to, end + pad) };
}

/** Samples of `values` inside [from, to], at most MAX_POINTS (max per bucket, so peaks survive). */
export function seriesPoints(
  s: VertexSeries,
  values: Float64Array,
  from: number,
  to: number,
  maxPoints = MAX_POINTS,
): Array<[number, number]> {
  const raw: Array<[number, number]> = [];
  for (let k = 0; k < s.n; k++) {
    const t = s.ts[k]!;
    if (t < from || t > to) continue;
    raw.push([t, s.gap[k] === 1 ? NaN : values[k]!]);
  }
  if (raw.length <= maxPoints) return raw;
  const out: Array<[number, number]> = [];
  const per = raw.length / maxPoints;
  for (let b = 0; b < maxPoints; b++) {
    const i0 = Math.floor(b * per);
    const i1 = Math.floor((b + 1) * per);
    let v = NaN;
    for (let i = i0; i < i1; i++) {
      const x = raw[i]![1];
      if (!(x <= v)) v = Number.isNaN(v) ? x : Math.max(v, x);
    }
    out.push([raw[Math.min(i1 - 1, raw.length - 1)]![0], v]);
  }
  return out;
}

/** At most this many backpressured vertices get a line of their own (the incident's first ones). */
export const MAX_RATIO_LINES = 3;

/**
 * The chart of an incident: the backpressure ratio (max over subtasks) of its vertices around it,
 * and the busy fraction of its bottleneck's busiest subtask, which is the evidence for blaming it.
 */
export function incidentChart(
  incident: { start: number; end: number },
  vertices: ReadonlyArray<{ name: string; series: VertexSeries | null }>,
  bottleneck: { name: string; series: VertexSeries } | null,
  range: { from: number; to: number },
): LineChart {
  const w = chartWindow(incident.start, incident.end, range);
  const series: ChartSeries[] = [];
  for (const v of vertices.slice(0, MAX_RATIO_LINES)) {
    if (v.series)
      series.push({
        label: `backpressure of ${v.name}`,
        tone: 'ratio',
        points: seriesPoints(v.series, v.series.ratio, w.from, w.to),
      });
  }
  if (bottleneck)
    series.push({
      label: `busy of ${bottleneck.name} (busiest subtask)`,
      tone: 'busy',
      points: seriesPoints(bottleneck.series, bottleneck.series.busyMax, w.from, w.to),
    });
  const names = vertices.map((v) => v.name);
  return {
    title: `Backpressure ratio of ${names.length <= 2 ? names.join(' and ') : `${names.length} vertices`}`,
    from: w.from,
    to: w.to,
    series,
    highlight: { from: incident.start, to: incident.end },
    thresholds: [OK_MAX_RATIO, LOW_MAX_RATIO],
  };
}
