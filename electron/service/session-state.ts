// Everything the service keeps for one open session, made and closed together: the metadata
// cache, Flink's level lanes, the analysis, and whether a recorder is live. The queries read
// through this, so each of them stays a function of what it asks, not of how it is cached.

import { MAX_OVERVIEW_LANES } from '../../shared/api';
import { vertexKey } from '../../shared/keys';
import type { VertexInfo } from '../../shared/model';
import type { SessionReader } from '../session/reader';
import { workerRunner } from './analysis-host';
import { inThreadRunner } from './analysis-runner';
import { LevelLanes, type LevelTrack } from './level-lanes';
import { LiveWatch } from './live';
import { SessionAnalysis } from './session-analysis';
import { SessionCache, type Meta } from './session-cache';

export interface SessionStateOptions {
  /** Clock for deciding whether the file is still being recorded, and for throttling. */
  now?: () => number;
  /** Minimum age of an analysis before a growing file is analysed again (ms). */
  analysisMinAgeMs?: number;
  /**
   * The bundled analysis worker (see analysis-worker-path.ts): the whole-session analysis then
   * runs in a child process (analysis-host.ts). Without it the analysis runs in the calling thread.
   */
  analysisWorker?: string | null;
}

export interface SessionState {
  readonly reader: SessionReader;
  readonly now: () => number;
  /** The session's metadata, refreshed when the file grew. */
  meta(): Meta;
  readonly analysis: SessionAnalysis;
  readonly liveWatch: LiveWatch;
  /** What a vertex's lane shows: the analysis' levels where it has run, Flink's gauge after that. */
  laneTrack(meta: Meta, v: VertexInfo): LevelTrack;
  close(): void;
}

export function openSessionState(reader: SessionReader, options: SessionStateOptions = {}): SessionState {
  const now = options.now ?? Date.now;
  const cache = new SessionCache(reader);
  const lanes = new LevelLanes(reader, now);
  const liveWatch = new LiveWatch(reader.path, now);
  const runner = options.analysisWorker
    ? workerRunner(reader.path, options.analysisWorker, {
        live: () => {
          try {
            return liveWatch.live(cache.get());
          } catch {
            return false; // an unreadable file is no recording to keep up with
          }
        },
        log: (line) => console.error(line),
      })
    : inThreadRunner(reader);
  const analysis = new SessionAnalysis(runner, now, options.analysisMinAgeMs);
  const warm = warmLanes(cache, lanes);
  return {
    reader,
    now,
    meta: () => cache.get(),
    analysis,
    liveWatch,
    laneTrack: (meta, v) => analysis.track(vertexKey(v.clusterId, v.jobId, v.vertexId), lanes.track(meta, v)),
    close: () => {
      clearTimeout(warm);
      analysis.close();
    },
  };
}

/**
 * The viewer's first question is the overview: build the level lanes right after opening, while
 * the UI is still loading, so the first paint does not wait for them. Only the first page's: the
 * lanes of a huge job's other pages are built when asked for, not all at once ahead of every call.
 * A failure here is left for that first call to report.
 */
function warmLanes(cache: SessionCache, lanes: LevelLanes): NodeJS.Timeout {
  const warm = setTimeout(() => {
    try {
      const meta = cache.get();
      for (const v of meta.vertices.slice(0, MAX_OVERVIEW_LANES)) lanes.track(meta, v);
    } catch {
      // reported by the call that needs it
    }
  }, 0);
  warm.unref();
  return warm;
}
