// Binary search over sorted instants (ticks, samples, state changes): one implementation for all.

/** First index in [0, n) where `before(i)` is false; `before` must hold for a prefix only. */
export function partitionPoint(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index k < n with a[k] ≥ t, else n (`n` for arrays filled only partly). */
export const firstAtOrAfter = (a: ArrayLike<number>, t: number, n = a.length): number =>
  partitionPoint(n, (i) => a[i]! < t);

/** Largest index k < n with a[k] ≤ t, or -1. */
export const lastAtOrBefore = (a: ArrayLike<number>, t: number, n = a.length): number =>
  partitionPoint(n, (i) => a[i]! <= t) - 1;
