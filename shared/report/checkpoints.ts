// Which checkpoints a post-mortem needs to see: the failed ones, the slow ones and the ones whose
// barrier alignment held inputs long enough to matter. The rest are summed up in one line.

import { ALIGNMENT_MIN_MS } from '../analysis/thresholds';
import { formatDuration } from '../time';
import type { CheckpointRow, CheckpointSummary } from './types';

/** A checkpoint this many times slower than the median one is an outlier… */
export const SLOW_FACTOR = 3;
/** …when it is also at least this much slower (a 0.3 s checkpoint next to 0.1 s ones is not news). */
export const SLOW_MIN_EXTRA_MS = 5_000;

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Each checkpoint with the reasons it stands out (empty for an ordinary one). */
export function markOutliers(rows: ReadonlyArray<Omit<CheckpointRow, 'outlier'>>): CheckpointRow[] {
  const done = rows.filter((c) => c.status === 'COMPLETED');
  const typical = median(done.map((c) => c.durationMs));
  return rows.map((c) => {
    const why: string[] = [];
    if (c.status === 'FAILED') why.push('failed');
    if (
      c.status === 'COMPLETED' &&
      Number.isFinite(typical) &&
      c.durationMs >= Math.max(SLOW_FACTOR * typical, typical + SLOW_MIN_EXTRA_MS)
    ) {
      why.push(`took ${formatDuration(c.durationMs)}, the median ${formatDuration(typical)}`);
    }
    if (c.alignmentMs !== null && c.alignmentMs >= ALIGNMENT_MIN_MS)
      why.push(`aligned barriers for ${formatDuration(c.alignmentMs)}`);
    return { ...c, outlier: why };
  });
}

/** The ordinary checkpoints in one line's worth of numbers; null when there are none. */
export function summariseOrdinary(rows: readonly CheckpointRow[]): CheckpointSummary | null {
  const ordinary = rows.filter((c) => c.outlier.length === 0);
  if (ordinary.length === 0) return null;
  const aligned = ordinary.map((c) => c.alignmentMs).filter((x): x is number => x !== null);
  return {
    count: ordinary.length,
    medianDurationMs: median(ordinary.map((c) => c.durationMs)),
    maxDurationMs: Math.max(...ordinary.map((c) => c.durationMs)),
    maxAlignmentMs: aligned.length > 0 ? Math.max(...aligned) : null,
  };
}
