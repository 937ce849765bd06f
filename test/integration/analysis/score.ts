// Scores an analysis document against a scenario's ground truth. A designed episode is found when
// the analysis reports an episode on the same vertex whose time overlaps the designed one (widened
// by a tolerance for sampling and gauge smoothing).
import type { AnalysisDocument } from '../../../shared/analysis/index';
import type { GroundTruth, TruthEpisode } from '../../../electron/simulator/types';

/**
 * What the recording could see. Each metric fetch of the JobManager describes the window
 * [fetch − windowMs, fetch]: 0 for the instantaneous isBackPressured gauge (the only per-subtask
 * backpressure signal before 1.13), 5 s for the time-accounting gauges of 1.13–1.16, 60 s from
 * 1.17. A transient burst that lies wholly between two such windows left no trace in any value
 * the REST API returned: it is physically unobservable at this resolution, and no rule can find
 * it. Such an episode is counted apart, not required; if the analysis finds it anyway (e.g. from
 * differenced counters), it counts as found.
 */
export interface Observation {
  /** JobManager metric fetch instants (epoch ms). */
  fetchTimes: readonly number[];
  windowMs: number;
}

export interface Score {
  designed: number;
  /** Designed transient episodes not found that no fetch window touched (see Observation). */
  unobservable: number;
  /** Designed episodes with a matching reported episode. */
  found: number;
  /** Designed episodes with a bottleneck whose matching episode names that bottleneck. */
  bottlenecks: { expected: number; named: number };
  /** Matched episodes classified as designed (sustained vs transient). */
  classifiedRight: number;
  /** Reported episodes that match no designed one; sustained ones listed separately. */
  falseEpisodes: number;
  falseSustained: number;
  misses: string[];
}

function observable(t: TruthEpisode, start: number, obs: Observation | undefined): boolean {
  if (!obs || t.class !== 'transient') return true;
  const a = start + t.startOffsetMs;
  const b = start + t.endOffsetMs;
  // The window (f − w, f] must share time with the episode (a, b): a fetch exactly at the
  // episode's start shows the state just before it (the model's events act after their instant).
  return obs.fetchTimes.some((f) => f > a && f - obs.windowMs < b);
}

export function scoreAnalysis(
  doc: AnalysisDocument,
  truth: GroundTruth,
  start: number,
  toleranceMs: number,
  observation?: Observation,
): Score {
  const score: Score = {
    designed: truth.episodes.length,
    unobservable: 0,
    found: 0,
    bottlenecks: { expected: 0, named: 0 },
    classifiedRight: 0,
    falseEpisodes: 0,
    falseSustained: 0,
    misses: [],
  };
  const matched = new Set<number>();
  const overlaps = (t: TruthEpisode, e: AnalysisDocument['episodes'][number]): boolean =>
    e.vertexId === t.vertexId &&
    e.start <= start + t.endOffsetMs + toleranceMs &&
    e.end >= start + t.startOffsetMs - toleranceMs;
  for (const t of truth.episodes) {
    const candidates = doc.episodes.map((e, i) => ({ e, i })).filter(({ e }) => overlaps(t, e));
    const where = `${t.vertexName} ${t.startOffsetMs / 1000}–${t.endOffsetMs / 1000}s (${t.class}, ${t.cause})`;
    if (candidates.length === 0) {
      if (observable(t, start, observation)) {
        if (t.bottleneckVertexId) score.bottlenecks.expected++;
        score.misses.push(`not found: ${where}`);
      } else score.unobservable++;
      continue;
    }
    if (t.bottleneckVertexId) score.bottlenecks.expected++;
    score.found++;
    for (const c of candidates) matched.add(c.i);
    // The longest overlapping episode is the one a user reads for this stretch.
    const best = candidates.reduce((a, b) => (b.e.durationMs > a.e.durationMs ? b : a)).e;
    if (best.class === t.class) score.classifiedRight++;
    else score.misses.push(`classified ${best.class}: ${where}`);
    if (t.bottleneckVertexId) {
      if (candidates.some((c) => c.e.bottleneck?.vertexId === t.bottleneckVertexId)) score.bottlenecks.named++;
      else
        score.misses.push(
          `bottleneck ${best.bottleneck?.vertexName ?? 'none'} instead of ${t.bottleneckVertexId.slice(0, 8)}: ${where}`,
        );
    }
  }
  doc.episodes.forEach((e, i) => {
    if (matched.has(i)) return;
    score.falseEpisodes++;
    if (e.class === 'sustained') {
      score.falseSustained++;
      score.misses.push(`false sustained: ${e.vertexName} ${(e.start - start) / 1000}–${(e.end - start) / 1000}s`);
    }
  });
  return score;
}
