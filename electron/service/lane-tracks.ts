// The overview lanes show what the analysis measured: its per-sample levels (from differenced
// counters where the recorder fetched them) up to the instant it last analysed, and Flink's own
// gauge level from the per-tick summaries only for ticks newer than that (a live recording,
// between two analysis runs). So lanes, graph colours and episodes agree instead of the lanes
// showing a 60 s gauge smear next to a 10 s episode.
import type { AnalysedLane, AnalysisOutcome } from './analysis-runner';
import type { LevelTrack } from './level-lanes';

export function trackFromAnalysis(lane: AnalysedLane, intervalMs: number): LevelTrack {
  const t: LevelTrack = { ts: [], level: [], ratio: [], gapBefore: [], intervalMs };
  let gap = true;
  for (let k = 0; k < lane.ts.length; k++) {
    const level = lane.level[k]!;
    if (level < 0) {
      gap = true;
      continue;
    }
    const prev = t.ts.length ? t.ts[t.ts.length - 1]! : null;
    t.ts.push(lane.ts[k]!);
    t.level.push(level);
    t.ratio.push(lane.ratio[k]!);
    t.gapBefore.push(gap || prev === null || lane.spanStart[k]! > prev);
    gap = false;
  }
  return t;
}

/** `analysed` up to its last sample, then the samples of `newer` after it. */
export function mergeTracks(analysed: LevelTrack, newer: LevelTrack, analysedUpTo: number): LevelTrack {
  const cut = newer.ts.findIndex((ts) => ts > analysedUpTo);
  if (cut < 0) return analysed;
  return {
    ts: [...analysed.ts, ...newer.ts.slice(cut)],
    level: [...analysed.level, ...newer.level.slice(cut)],
    ratio: [...analysed.ratio, ...newer.ratio.slice(cut)],
    gapBefore: [...analysed.gapBefore, ...newer.gapBefore.slice(cut)],
    intervalMs: newer.intervalMs,
  };
}

/** Per analysis outcome, its lanes by vertex key (built once per outcome). */
export class AnalysedLanes {
  private readonly byOutcome = new WeakMap<AnalysisOutcome, Map<string, AnalysedLane>>();
  private readonly merged = new WeakMap<AnalysisOutcome, Map<string, { newerLength: number; track: LevelTrack }>>();

  /** An outcome's lanes by vertex key (`clusterId/jobId/vertexId`). */
  lanes(outcome: AnalysisOutcome): Map<string, AnalysedLane> {
    let lanes = this.byOutcome.get(outcome);
    if (!lanes) {
      lanes = new Map(outcome.lanes.map((l) => [l.key, l]));
      this.byOutcome.set(outcome, lanes);
    }
    return lanes;
  }

  /** The lane track of a vertex: analysed samples, then newer rollup samples; `rollup` alone when not analysed yet. */
  track(outcome: AnalysisOutcome | null, key: string, rollup: LevelTrack): LevelTrack {
    if (!outcome) return rollup;
    const lane = this.lanes(outcome).get(key);
    if (!lane || lane.ts.length === 0) return rollup;
    let cache = this.merged.get(outcome);
    if (!cache) {
      cache = new Map();
      this.merged.set(outcome, cache);
    }
    const hit = cache.get(key);
    if (hit && hit.newerLength === rollup.ts.length) return hit.track;
    const track = mergeTracks(trackFromAnalysis(lane, rollup.intervalMs), rollup, lane.ts[lane.ts.length - 1]!);
    cache.set(key, { newerLength: rollup.ts.length, track });
    return track;
  }
}
