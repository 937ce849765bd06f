// What the steps describing one episode read: the session's lookups (shared by every episode,
// so a vertex's series and window stats are computed once) and where the episode is.

import type { FlinkVersion } from '../flink-versions';
import type { RawEpisode } from './episodes';
import type { VertexEvidence } from './hints';
import { jobKey, vertexKey, type VertexKey } from '../keys';
import { buildSeries, extendSeries, type VertexSeries } from './series';
import type { AnalysisIndex } from './session-index';
import { seriesContext } from './vertex-series';
import { windowStats, type WindowStats, type WindowStatsMemo } from './window-stats';

export interface SessionLookups {
  readonly ix: AnalysisIndex;
  /** The vertex's series, built on first use; null when it has no frames. */
  seriesOf(key: VertexKey): VertexSeries | null;
  /** The series built so far (what a later analysis of the grown session carries). */
  readonly built: ReadonlyMap<VertexKey, VertexSeries>;
  /** A vertex's stats over [start, end], computed once per window. */
  statsFor(s: VertexSeries, start: number, end: number): WindowStats;
}

/**
 * From an earlier analysis of the same session before it grew (`indexInput(input, grown)`):
 * `memo`, window stats carried over, and `carried`, the series it built, extended where they can
 * be (extendSeries) instead of built again.
 */
export function sessionLookups(
  ix: AnalysisIndex,
  memo?: WindowStatsMemo,
  carried?: ReadonlyMap<VertexKey, VertexSeries>,
): SessionLookups {
  const seriesCache = new Map<VertexKey, VertexSeries>();
  // Backpressure spreads upstream, so episodes of several vertices share a window: the
  // downstream vertices' evidence is computed once per (vertex, window).
  const statsCache = new Map<string, WindowStats>();
  return {
    ix,
    built: seriesCache,
    seriesOf(key) {
      let s = seriesCache.get(key);
      if (s) return s;
      const frames = ix.frames.get(key);
      if (!frames) return null;
      const f0 = frames[0]!;
      const ctx = seriesContext(ix, f0.clusterId, f0.jobId);
      const before = carried?.get(key);
      s = (before && before.frames === frames ? extendSeries(before, ctx) : null) ?? buildSeries(key, frames, ctx);
      seriesCache.set(key, s);
      return s;
    },
    statsFor(vs, start, end) {
      const k = `${vs.key}|${start}|${end}`;
      let st = statsCache.get(k);
      if (!st) statsCache.set(k, (st = memo ? memo.get(vs, start, end) : windowStats(vs, start, end)));
      return st;
    },
  };
}

export interface EpisodeContext extends SessionLookups {
  /** The backpressured vertex's series and its raw episode. */
  readonly series: VertexSeries;
  readonly raw: RawEpisode;
  readonly version: FlinkVersion | null;
  readonly sustainedAfterMs: number;
  readonly clusterId: number;
  readonly jobId: string;
  readonly vertexId: string;
  /** jobKey of the episode's job. */
  readonly job: string;
  readonly start: number;
  readonly end: number;
  /** Key of a vertex of the same job. */
  keyOf(vertexId: string): VertexKey;
  nameOf(vertexId: string): string;
  /** A vertex's stats over the episode's window; null without data. */
  statsOf(vertexId: string): WindowStats | null;
  evidenceOf(vertexId: string): VertexEvidence | null;
}

export function episodeContext(
  lookups: SessionLookups,
  series: VertexSeries,
  raw: RawEpisode,
  version: FlinkVersion | null,
  sustainedAfterMs: number,
): EpisodeContext {
  const { ix } = lookups;
  const { clusterId, jobId, vertexId } = series.frames[0]!;
  const { start, end } = raw;
  const keyOf = (id: string): VertexKey => vertexKey(clusterId, jobId, id);
  const nameOf = (id: string): string => ix.vertices.get(keyOf(id))?.name ?? id;
  const statsOf = (id: string): WindowStats | null => {
    const vs = lookups.seriesOf(keyOf(id));
    return vs ? lookups.statsFor(vs, start, end) : null;
  };
  return {
    ix,
    built: lookups.built,
    seriesOf: lookups.seriesOf,
    statsFor: lookups.statsFor,
    series,
    raw,
    version,
    sustainedAfterMs,
    clusterId,
    jobId,
    vertexId,
    job: jobKey(clusterId, jobId),
    start,
    end,
    keyOf,
    nameOf,
    statsOf,
    evidenceOf(id) {
      const st = statsOf(id);
      return st ? { vertexId: id, name: nameOf(id), stats: st } : null;
    },
  };
}
