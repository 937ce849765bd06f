// Time-window arithmetic for the timeline: zoom around an anchor, pan, clamp to the session.
// Pure so the keyboard and mouse paths share it and tests can pin it down.

export interface Win {
  from: number;
  to: number;
}

/** The smallest window worth showing: a few ticks. */
export const MIN_SPAN_MS = 1000;

export function clampWindow(w: Win, bounds: Win): Win {
  const total = bounds.to - bounds.from;
  let span = Math.min(Math.max(w.to - w.from, Math.min(MIN_SPAN_MS, total)), total);
  if (!(span > 0)) span = total;
  let from = Math.min(Math.max(w.from, bounds.from), bounds.to - span);
  return { from, to: from + span };
}

/** factor < 1 zooms in, > 1 zooms out; the anchor instant stays at the same screen position. */
export function zoom(w: Win, anchor: number, factor: number, bounds: Win): Win {
  const a = Math.min(Math.max(anchor, w.from), w.to);
  return clampWindow({ from: a - (a - w.from) * factor, to: a + (w.to - a) * factor }, bounds);
}

/** Moves the window by a fraction of its span (negative = earlier). */
export function pan(w: Win, fraction: number, bounds: Win): Win {
  const d = (w.to - w.from) * fraction;
  return clampWindow({ from: w.from + d, to: w.to + d }, bounds);
}

/** Shifts the window just enough to contain t (used when the cursor leaves it). */
export function follow(w: Win, t: number, bounds: Win): Win {
  if (t >= w.from && t <= w.to) return w;
  const span = w.to - w.from;
  return clampWindow(t < w.from ? { from: t, to: t + span } : { from: t - span, to: t }, bounds);
}

export const timeToX = (t: number, w: Win, width: number): number => ((t - w.from) / (w.to - w.from)) * width;
export const xToTime = (x: number, w: Win, width: number): number => w.from + (x / width) * (w.to - w.from);
