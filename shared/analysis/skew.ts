// Skew or overload: how many of a vertex's subtasks are busy. All (or nearly all) busy is an
// operator too slow for its load; a few busy while the rest idle is skew (a hot key, a slow
// machine). One rule for the cause hints, the job graph and the reports.

import { ALL_BUSY_SHARE } from './thresholds';

export type BusySpread = 'skew' | 'overloaded';

/** `busy` subtasks at or above BUSY_RATIO out of `reporting` ones with busy time; null when none is busy. */
export function busySpread(busy: number, reporting: number): BusySpread | null {
  if (!(reporting > 0) || !(busy > 0)) return null;
  return busy / reporting >= ALL_BUSY_SHARE ? 'overloaded' : 'skew';
}
