// A repeated sample is not missing data. The JobManager refreshes its metric store at most every
// `metrics.fetcher.update-interval`; a poll in between gets the same answer again, which the
// analysis drops (it would difference to zero). At such a tick the values are the last fetch's,
// held and marked repeated — "no data" is kept for real gaps: a failed poll, the job not running,
// or a hold longer than the analysis itself would bridge (GAP_FACTOR sample intervals).

import { GAP_FACTOR } from '../../shared/analysis/thresholds';
import type { JobEvent } from '../../shared/model';
import { lastAtOrBefore } from '../../shared/sorted';

export interface HeldSample {
  /** Index of the sample that describes the tick. */
  index: number;
  /** True when the sample is older than the tick (the tick repeated it). */
  repeated: boolean;
}

export interface HoldRules {
  /** The series' sample interval: a hold never spans more than GAP_FACTOR of them. */
  intervalMs: number;
  /** Whether something between the sample and the tick (exclusive, inclusive) makes it a real gap. */
  realGapBetween: (sampleTs: number, tickTs: number) => boolean;
}

/** The sample at tick `ts`, else the last one before it held across repeated ticks; null for a real gap. */
export function sampleForTick(sampleTs: ArrayLike<number>, ts: number, rules: HoldRules): HeldSample | null {
  const i = lastAtOrBefore(sampleTs, ts);
  if (i < 0) return null;
  const at = sampleTs[i]!;
  if (at === ts) return { index: i, repeated: false };
  if (ts - at > GAP_FACTOR * rules.intervalMs) return null;
  if (rules.realGapBetween(at, ts)) return null;
  return { index: i, repeated: true };
}

/** Sorted instants: is any of them in (from, to]? */
export function anyBetween(sorted: ArrayLike<number>, from: number, to: number): boolean {
  const k = lastAtOrBefore(sorted, to);
  return k >= 0 && sorted[k]! > from;
}

/** False when the job's last state change at or before `ts` left it other than RUNNING. */
export function jobRunningAt(events: readonly JobEvent[], clusterId: number, jobId: string, ts: number): boolean {
  let state: string | null = null;
  let at = -Infinity;
  for (const e of events) {
    if (e.kind === 'state' && e.clusterId === clusterId && e.jobId === jobId && e.ts <= ts && e.ts >= at) {
      state = e.to;
      at = e.ts;
    }
  }
  return state === null || state.toUpperCase() === 'RUNNING';
}
