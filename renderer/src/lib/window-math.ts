// Time-window arithmetic for the timeline: zoom around an anchor, pan, clamp to the session.
// Pure so the keyboard and mouse paths share it and tests can pin it down.

export interface Win {
  from: number;
  to: number;
}

/** The smallest window ever shown, whatever the resolution (a session's own floor is minSpanFor). */
export const MIN_SPAN_MS = 1000;
/** Samples the narrowest window still holds: fewer, and charts become a dot or two. */
export const MIN_SAMPLES_IN_WINDOW = 5;

/** The narrowest window for a session polled every `resolutionMs`: a few samples. */
export function minSpanFor(resolutionMs: number | null): number {
  return Math.max(MIN_SPAN_MS, MIN_SAMPLES_IN_WINDOW * (resolutionMs ?? 0));
}

export function clampWindow(w: Win, bounds: Win, minSpan = MIN_SPAN_MS): Win {
  const total = bounds.to - bounds.from;
  let span = Math.min(Math.max(w.to - w.from, Math.min(minSpan, total)), total);
  if (!(span > 0)) span = total;
  const from = Math.min(Math.max(w.from, bounds.from), bounds.to - span);
  return { from, to: from + span };
}

/** factor < 1 zooms in, > 1 zooms out; the anchor instant stays at the same screen position. */
export function zoom(w: Win, anchor: number, factor: number, bounds: Win, minSpan = MIN_SPAN_MS): Win {
  const a = Math.min(Math.max(anchor, w.from), w.to);
  // At the narrowest span already, zooming in does nothing (it must not slide the window).
  if (factor < 1 && w.to - w.from <= Math.min(minSpan, bounds.to - bounds.from) + 0.5) return w;
  const span = Math.max((w.to - w.from) * factor, Math.min(minSpan, bounds.to - bounds.from));
  // The anchor keeps its place on screen, also when the narrowest span stops the zoom.
  const share = (a - w.from) / (w.to - w.from || 1);
  return clampWindow({ from: a - share * span, to: a - share * span + span }, bounds, minSpan);
}

/** Moves the window by a fraction of its span (negative = earlier). */
export function pan(w: Win, fraction: number, bounds: Win, minSpan = MIN_SPAN_MS): Win {
  const d = (w.to - w.from) * fraction;
  return clampWindow({ from: w.from + d, to: w.to + d }, bounds, minSpan);
}

/** Shifts the window just enough to contain t (used when the cursor leaves it). */
export function follow(w: Win, t: number, bounds: Win, minSpan = MIN_SPAN_MS): Win {
  if (t >= w.from && t <= w.to) return w;
  const span = w.to - w.from;
  return clampWindow(t < w.from ? { from: t, to: t + span } : { from: t - span, to: t }, bounds, minSpan);
}

/** Share of the window a range may fill and still count as fitting (the rest is margin). */
export const FIT_SHARE = 0.9;

/**
 * The window that shows range r, keeping the zoom where it can: unchanged when r is in view
 * already, the same span centred on r when r fits in it, else zoomed out just enough to show r
 * with a margin. (Jumping between episodes must not change the zoom the user chose.)
 */
export function showRange(w: Win, r: Win, bounds: Win, minSpan = MIN_SPAN_MS): Win {
  const span = w.to - w.from;
  const len = r.to - r.from;
  if (len <= span * FIT_SHARE) {
    if (r.from >= w.from && r.to <= w.to) return w;
    const mid = (r.from + r.to) / 2;
    return clampWindow({ from: mid - span / 2, to: mid + span / 2 }, bounds, minSpan);
  }
  const pad = (len / FIT_SHARE - len) / 2;
  return clampWindow({ from: r.from - pad, to: r.to + pad }, bounds, minSpan);
}

export const sameWindow = (a: Win, b: Win): boolean => Math.abs(a.from - b.from) < 0.5 && Math.abs(a.to - b.to) < 0.5;

export const timeToX = (t: number, w: Win, width: number): number => ((t - w.from) / (w.to - w.from)) * width;
export const xToTime = (x: number, w: Win, width: number): number => w.from + (x / width) * (w.to - w.from);
