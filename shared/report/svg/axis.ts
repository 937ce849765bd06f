// Time axis ticks at round UTC steps, shared by the timeline and the line charts.

import { formatClock } from '../../time';

const STEPS = [
  1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000,
  43_200_000, 86_400_000,
];

/** Tick instants inside [from, to]: the smallest round step giving at most `maxTicks`. */
export function timeTicks(from: number, to: number, maxTicks: number): number[] {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 86_400_000) * 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** Clock label (UTC); adds seconds only when the step needs them. */
export function tickLabel(t: number, ticks: readonly number[]): string {
  const needSeconds = ticks.some((x) => x % 60_000 !== 0);
  const c = formatClock(t);
  return needSeconds ? c : c.slice(0, 5);
}

/** Number with at most one decimal, for coordinates (keeps SVG small and deterministic). */
export const n1 = (x: number): string => (Math.round(x * 10) / 10).toString();
