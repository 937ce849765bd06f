// The heatmap's colour for a ratio (0..1): the level's colour (Flink's thresholds), stronger as
// the ratio grows. The heatmap paints with it and its colour scale is drawn from it, so the two
// cannot disagree.

import { LOW_MAX_RATIO, OK_MAX_RATIO } from '../../../shared/analysis/levels';
import type { Theme } from './theme';

export interface HeatCell {
  colour: string;
  alpha: number;
}

export function heatCell(v: number, th: Theme): HeatCell {
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
