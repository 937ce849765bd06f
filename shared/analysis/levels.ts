// Flink's backpressure levels. The thresholds are the JobManager's own (identical in every
// version): ratio ≤ 0.10 is OK, ≤ 0.5 is LOW, above is HIGH.

import type { Level } from '../model';

export const OK_MAX_RATIO = 0.1;
export const LOW_MAX_RATIO = 0.5;

/** Level codes used in typed arrays: index into LEVELS; GAP_CODE marks "no data". */
export const LEVELS: readonly Level[] = ['OK', 'LOW', 'HIGH'];
export const GAP_CODE = -1;

/** Numeric level of a ratio, or GAP_CODE when the ratio is not a number (missing, not zero). */
export function levelCode(ratio: number): number {
  if (!(ratio >= 0)) return GAP_CODE; // NaN and negatives are not measurements
  if (ratio <= OK_MAX_RATIO) return 0;
  if (ratio <= LOW_MAX_RATIO) return 1;
  return 2;
}

/** Flink's level for a backpressure ratio in 0..1; null when the ratio is missing or invalid. */
export function levelOf(ratio: number): Level | null {
  const c = levelCode(ratio);
  return c === GAP_CODE ? null : LEVELS[c]!;
}
