// Downsampling for the UI: values over a time window folded into a fixed number of equal
// buckets (one per pixel or column), keeping min and max so spikes survive zooming out.

export interface Buckets {
  from: number;
  to: number;
  n: number;
  width: number;
}

export function makeBuckets(from: number, to: number, n: number): Buckets {
  return { from, to, n, width: (to - from) / n };
}

/** Index of the bucket containing t, or -1 outside the window. The last bucket includes `to`. */
export function bucketOf(b: Buckets, t: number): number {
  if (t < b.from || t > b.to) return -1;
  return Math.min(b.n - 1, Math.floor((t - b.from) / b.width));
}

/** Buckets overlapped by the interval [start, end] (clipped to the window); null when none. */
export function bucketSpan(b: Buckets, start: number, end: number): [number, number] | null {
  if (end < b.from || start > b.to) return null;
  return [bucketOf(b, Math.max(start, b.from)), bucketOf(b, Math.min(end, b.to))];
}

export class MinMax {
  readonly min: (number | null)[];
  readonly max: (number | null)[];
  constructor(n: number) {
    this.min = new Array<number | null>(n).fill(null);
    this.max = new Array<number | null>(n).fill(null);
  }
  /** NaN (not reported) is skipped: a gap stays null, it never becomes zero. */
  add(i: number, v: number): void {
    if (!Number.isFinite(v) || i < 0) return;
    const lo = this.min[i];
    const hi = this.max[i];
    if (lo === null || lo === undefined || v < lo) this.min[i] = v;
    if (hi === null || hi === undefined || v > hi) this.max[i] = v;
  }
}
