// The heatmap's colour for a ratio (0..1). Backpressure: the level's colour (Flink's thresholds),
// stronger as the ratio grows. Busy and idle: the colour of their line in the "Time per second"
// chart, stronger as the ratio grows, so one busy subtask among idle ones is the one dark row.
// The heatmap paints with it and its colour scale is drawn from it, so the two cannot disagree.

import type { HeatmapMetric } from '../../../shared/api';
import { LOW_MAX_RATIO, OK_MAX_RATIO } from '../../../shared/analysis/levels';
import { BUSY_RATIO } from '../../../shared/analysis/thresholds';
import type { Theme } from './theme';

export interface HeatCell {
  colour: string;
  alpha: number;
}

/** The colours of busy and idle time: the heatmap's and the charts' (VertexDetail). */
export const TIME_COLOUR = { busy: '#0072b2', idle: '#009e73', backpressured: '#cc3d99' } as const;

export function heatCell(v: number, th: Theme, metric: HeatmapMetric = 'backpressure'): HeatCell {
  if (metric !== 'backpressure')
    return { colour: TIME_COLOUR[metric], alpha: 0.06 + 0.94 * Math.min(1, Math.max(0, v)) };
  return {
    colour: v > LOW_MAX_RATIO ? th.high : v > OK_MAX_RATIO ? th.low : th.ok,
    alpha: v > OK_MAX_RATIO ? 0.45 + 0.55 * v : 0.35 + 3 * v,
  };
}

/** Where the scale marks a value, and what it calls it. */
export const HEAT_TICKS: readonly { v: number; label: string }[] = [
  { v: 0, label: '0' },
  { v: OK_MAX_RATIO, label: `${OK_MAX_RATIO * 100}` },
  { v: LOW_MAX_RATIO, label: `${LOW_MAX_RATIO * 100}` },
  { v: 1, label: '100 %' },
];

/** The scale's marks for a metric: Flink's levels for backpressure, "busy" (the analysis' threshold) for time. */
export function heatTicks(metric: HeatmapMetric = 'backpressure'): readonly { v: number; label: string }[] {
  if (metric === 'backpressure') return HEAT_TICKS;
  return [
    { v: 0, label: '0' },
    { v: BUSY_RATIO, label: `${BUSY_RATIO * 100}` },
    { v: 1, label: '100 %' },
  ];
}
