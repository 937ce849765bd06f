// The whole-session analysis as the queries use it: run on demand through the cache, peeked at
// (never awaited) by the job graph and the lanes, and numbered per run, because an answer built
// from lanes depends on which run it saw and memo keys must say so.

import type { AnalysisResult } from '../../shared/api';
import { timeCountedOnce } from '../../shared/analysis/incidents';
import { AnalysisCache } from './analysis-cache';
import type { AnalysedLane, AnalysisOutcome, AnalysisRunner } from './analysis-runner';
import { summarizeEpisodes, summarizeIncidents } from './episodes';
import { AnalysedLanes } from './lane-tracks';
import type { LevelTrack } from './level-lanes';

export class SessionAnalysis {
  private readonly cache: AnalysisCache;
  private readonly analysed = new AnalysedLanes();
  private readonly runIds = new WeakMap<object, number>();
  private runs = 0;

  constructor(runner: AnalysisRunner, now: () => number, minAgeMs?: number) {
    this.cache = new AnalysisCache(runner, now, minAgeMs);
  }

  /** The latest default-threshold outcome, without computing one. */
  peek(): AnalysisOutcome | null {
    return this.cache.peek();
  }

  /** Which run the answers built now see (0: none yet). */
  tag(): number {
    const o = this.cache.peek();
    if (!o) return 0;
    if (!this.runIds.has(o)) this.runIds.set(o, ++this.runs);
    return this.runIds.get(o)!;
  }

  /** The latest run's lanes by vertex key, or null before the first run. */
  lanes(): Map<string, AnalysedLane> | null {
    const o = this.cache.peek();
    return o ? this.analysed.lanes(o) : null;
  }

  /** A vertex's lane: the analysis' levels where it has run, `gauge` (Flink's own level) after that. */
  track(key: string, gauge: LevelTrack): LevelTrack {
    return this.analysed.track(this.cache.peek(), key, gauge);
  }

  /** The analysis call of the contract; `lastTs` tells the cache whether the file grew. */
  async result(lastTs: number | null, p: { sustainedAfterMs?: number | undefined }): Promise<AnalysisResult> {
    const { doc } = await this.cache.get(lastTs, p.sustainedAfterMs);
    return {
      sustainedAfterMs: doc.options.sustainedAfterMs,
      episodes: summarizeEpisodes(doc),
      incidents: summarizeIncidents(doc),
      backpressuredMs: doc.summary.incidentMs ?? timeCountedOnce(doc.episodes),
    };
  }

  close(): void {
    this.cache.close();
  }
}
