// Order statistics over the per-sample values of one session: the percentiles the comparison
// reports and the robust spread its noise rule rests on.

/** Finite values only: gaps (NaN) are no measurements. */
export function finiteValues(xs: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) out.push(xs[i]!);
  return out;
}

/** The q-quantile (0..1) by linear interpolation between closest ranks; NaN for no values. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** MAD scaled to estimate one standard deviation of normally distributed values. */
const MAD_TO_SD = 1.4826;

/**
 * How much the values wander: the median absolute deviation, scaled to a standard deviation.
 * Robust: an incident covering less than half the samples does not inflate it. 0 for fewer than
 * two values (nothing to tell the wandering from).
 */
export function spread(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = quantile(xs, 0.5);
  return (
    MAD_TO_SD *
    quantile(
      xs.map((x) => Math.abs(x - m)),
      0.5,
    )
  );
}
