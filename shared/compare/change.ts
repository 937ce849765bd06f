// The one rule for "did it change": a difference between the two sessions counts only when it is
// larger than what either session could tell apart from itself.
//
// Rule: |b − a| must exceed the tolerance max(resolution, noise A, noise B), where
//  - resolution is the least difference worth a word: 5 percentage points for fractions (half of
//    Flink's narrowest level band, OK ≤ 10 %, and about what its 5–60 s gauges wander by), 5 % of
//    the larger value for rates (a load within 5 % is the same load), one sample of the coarser
//    session for shares of samples and two sample intervals per incident for time with backpressure
//    (either end is known to within one), one millisecond for durations. With them two recordings
//    of the same job under the same load compare as unchanged (tested: one scenario, two seeds);
//  - noise is one standard deviation of the measure within a session: the robust spread (stats.ts)
//    of its per-sample values, the binomial deviation √(p(1−p)/n) for a share of samples, the
//    Poisson deviation √count for counted events.
// One standard deviation, not two: a shift larger than the ordinary wandering of both sessions is
// what anyone sees when the two are plotted side by side, and smaller ones are not worth a word.

import { spread } from './stats';

export type Direction = 'up' | 'down' | 'unchanged' | 'unknown';
/** Which way is better for a measure: more throughput is, more backpressure is not; busy is neither. */
export type Polarity = 'higher-better' | 'lower-better' | 'neutral';

export interface Change {
  /** The value in session A and in session B; null where the session does not have it. */
  a: number | null;
  b: number | null;
  /** b − a; null when either is unknown. */
  delta: number | null;
  direction: Direction;
  /** True when it changed for the better, false for the worse, null when unchanged, unknown or neutral. */
  better: boolean | null;
  /** Differences up to this are unchanged (the rule above). */
  tolerance: number;
}

/** Fractions (0..1): five percentage points. */
export const FRACTION_RESOLUTION = 0.05;
/** Rates: 5 % of the larger value. */
export const RATE_RESOLUTION_SHARE = 0.05;
export const DURATION_RESOLUTION_MS = 1;

const known = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

export function judge(a: number | null, b: number | null, tolerance: number, polarity: Polarity): Change {
  const tol = Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 0;
  if (!known(a) || !known(b)) {
    return {
      a: known(a) ? a : null,
      b: known(b) ? b : null,
      delta: null,
      direction: 'unknown',
      better: null,
      tolerance: tol,
    };
  }
  const delta = b - a;
  const direction: Direction = Math.abs(delta) <= tol ? 'unchanged' : delta > 0 ? 'up' : 'down';
  const better =
    direction === 'unchanged' || polarity === 'neutral'
      ? null
      : (direction === 'up') === (polarity === 'higher-better');
  return { a, b, delta, direction, better, tolerance: tol };
}

/** Tolerance of a fraction (0..1) from each session's per-sample values. */
export function fractionTolerance(samplesA: readonly number[], samplesB: readonly number[]): number {
  return Math.max(FRACTION_RESOLUTION, spread(samplesA), spread(samplesB));
}

/** Tolerance of a rate: 5 % of the larger value, or either session's spread. */
export function rateTolerance(a: number | null, b: number | null, noiseA: number, noiseB: number): number {
  const scale = Math.max(Math.abs(a ?? 0), Math.abs(b ?? 0));
  return Math.max(RATE_RESOLUTION_SHARE * scale, noiseA, noiseB);
}

export interface ShareSample {
  /** Share of the observed samples (0..1). */
  share: number;
  /** Samples observed. */
  samples: number;
}

/** Tolerance of a share of samples (time at LOW, at HIGH): one sample of either session, or its binomial deviation. */
export function shareTolerance(a: ShareSample, b: ShareSample): number {
  const side = (s: ShareSample): number =>
    s.samples > 0 ? Math.max(1 / s.samples, Math.sqrt((s.share * (1 - s.share)) / s.samples)) : 0;
  return Math.max(side(a), side(b));
}

/**
 * Counted events (failed checkpoints, restarts) in sessions of different length: compared as
 * rates per A's duration, so B's count is scaled to it; the tolerance is the Poisson deviation of
 * the difference. `a`/`b` in the result stay the counts as seen.
 */
export function judgeCounts(a: number, aMs: number, b: number, bMs: number, polarity: Polarity): Change {
  if (!(aMs > 0) || !(bMs > 0)) return judge(a, b, 0, polarity);
  const scale = aMs / bMs;
  const scaled = judge(a, b * scale, Math.sqrt(a + b * scale * scale), polarity);
  return { ...scaled, b, delta: b - a };
}
