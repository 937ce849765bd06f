// Which Flink release line fed the store, told from the task metrics it reports: a feature's ids
// present mean the release has it, ids the import asked for and did not get mean it has not. The
// line is named only when no feature of the release table changes inside the bounds, so what the
// analysis reads from the version (gauge windows, caveats) is exact; otherwise it stays unknown.

import { FLINK_FEATURES, SUPPORTED_RELEASES, type FeatureEntry, type Release } from '../../../shared/flink-versions';
import { TASK_FAMILIES } from './families';

export interface ReleaseBounds {
  /** The oldest release line the metrics allow. */
  atLeast: Release;
  /** The first release line they rule out; null = up to the newest. */
  before: Release | null;
  /** The release line when the bounds pin it down, else null. */
  release: Release | null;
}

const value = (r: Release): number => {
  const [major = 0, minor = 0] = r.split('.').map(Number);
  return major * 1000 + minor;
};
const later = (a: Release, b: Release): Release => (value(a) >= value(b) ? a : b);
const earlier = (a: Release | null, b: Release): Release => (a === null || value(b) < value(a) ? b : a);

const ENTRIES: readonly FeatureEntry[] = Object.values(FLINK_FEATURES);
const ASKED = new Set(TASK_FAMILIES.values());
const BOUNDARIES = [
  ...new Set(ENTRIES.flatMap((e) => [e.since, e.until]).filter((r): r is Release => r !== undefined)),
];

/** Bounds from the REST ids of the task metrics present (`present`), among those the import asks for. */
export function releaseFromTaskMetrics(present: ReadonlySet<string>): ReleaseBounds {
  let atLeast: Release = SUPPORTED_RELEASES.oldest;
  let before: Release | null = null;
  for (const e of ENTRIES) {
    const asked = (e.metrics?.task ?? []).filter((id) => ASKED.has(id));
    if (asked.length === 0) continue;
    if (asked.some((id) => present.has(id))) {
      if (e.since) atLeast = later(atLeast, e.since);
      if (e.until) before = earlier(before, e.until);
    } else {
      if (e.since) before = earlier(before, e.since);
      if (e.until) atLeast = later(atLeast, e.until);
    }
  }
  const inside = BOUNDARIES.some((b) => value(b) > value(atLeast) && (before === null || value(b) < value(before)));
  return { atLeast, before, release: inside ? null : atLeast };
}
