// Two sessions on one time axis: B's instants move onto A's axis by the comparison's offset
// (`alignment.offsetMs`: add it to a time of B). Both views then span the union of the two, so
// their lanes line up pixel for pixel and one cursor is the same moment in both.

import type { Win } from './window-math';

/** The span both views show, on each one's own clock: the union of A and B once B is shifted. */
export function alignedBounds(a: Win, b: Win, offsetMs: number): { a: Win; b: Win } {
  const from = Math.min(a.from, b.from + offsetMs);
  const to = Math.max(a.to, b.to + offsetMs);
  return { a: { from, to }, b: { from: from - offsetMs, to: to - offsetMs } };
}

/** A window or instant of one side on the other's clock. */
export const shiftWin = (w: Win, by: number): Win => ({ from: w.from + by, to: w.to + by });

/** Two instants closer than this are the same cursor (avoids echoing a sync back and forth). */
export const SAME_MS = 0.5;

export const sameWin = (x: Win, y: Win): boolean =>
  Math.abs(x.from - y.from) < SAME_MS && Math.abs(x.to - y.to) < SAME_MS;
