// The API contract implemented on a session file: SessionReader for the data, the shared
// analysis for levels, episodes and bottlenecks. Both bridges (HTTP served mode, Electron IPC)
// call exactly these handlers; params arrive already validated against shared/api.ts.

import path from 'node:path';
import {
  ApiNotFoundError,
  DETAIL_SERIES,
  type AnalysisResult,
  type ApiHandlers,
  type DetailSeriesKey,
  type GraphVertex,
  type JobGraphResult,
  type LevelCode,
  type MinMaxSeries,
  type OverviewResult,
  type SessionInfoResult,
  type SubtaskValuesResult,
  type VertexDetailResult,
} from '../../shared/api';
import {
  analyzeSession,
  findBottleneck,
  LEVELS,
  lowerBound,
  subtaskRatios,
  windowStats,
  type AnalysisDocument,
  type VertexSeries,
  type VertexState,
} from '../../shared/analysis';
import { BACKPRESSURED_SHARE } from '../../shared/analysis/thresholds';
import type { VertexFrame, VertexInfo } from '../../shared/model';
import { epochMs, formatDuration } from '../../shared/time';
import type { SessionReader } from '../session/reader';
import { bucketSpan, makeBuckets, MinMax } from './buckets';
import { summarizeEpisodes } from './episodes';
import { SessionCache, type Snapshot } from './session-cache';

export interface ServiceOptions {
  /** Clock for deciding whether the file is still being recorded. */
  now?: () => number;
}

const MAX_LISTED_ERRORS = 200;

/** Largest index k with ts[k] ≤ t, or -1. */
function lastAtOrBefore(ts: ArrayLike<number>, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function createService(reader: SessionReader, options: ServiceOptions = {}): ApiHandlers {
  const now = options.now ?? Date.now;
  const cache = new SessionCache(reader);
  const fileName = path.basename(reader.path);
  let analysisMemo: { snap: Snapshot; sustainedAfterMs: number | undefined; doc: AnalysisDocument } | null = null;

  const analysis = (snap: Snapshot, sustainedAfterMs?: number): AnalysisDocument => {
    if (analysisMemo && analysisMemo.snap === snap && analysisMemo.sustainedAfterMs === sustainedAfterMs) return analysisMemo.doc;
    const doc = analyzeSession(snap.input, sustainedAfterMs === undefined ? {} : { sustainedAfterMs });
    analysisMemo = { snap, sustainedAfterMs, doc };
    return doc;
  };

  const vertexOf = (snap: Snapshot, clusterId: number, jobId: string, vertexId: string): VertexInfo => {
    const v = snap.input.vertices.find((x) => x.clusterId === clusterId && x.jobId === jobId && x.vertexId === vertexId);
    if (!v) throw new ApiNotFoundError(`no vertex ${vertexId} in job ${jobId} of cluster ${clusterId} in this session`);
    return v;
  };

  /** The tick instant at or before t (over all clusters), or null before the first tick. */
  const tickAtOrBefore = (snap: Snapshot, t: number): number | null => {
    const k = lastAtOrBefore(snap.tickTimes, snap.tickTimes.length, t);
    return k >= 0 ? snap.tickTimes[k]! : null;
  };

  const sessionInfo = (): SessionInfoResult => {
    const snap = cache.get();
    const info = snap.info;
    const range = info.timeRange ? { from: info.timeRange.from, to: info.timeRange.to } : null;
    const errors = snap.input.ticks
      .filter((t) => t.status === 'error' || t.error !== null)
      .slice(-MAX_LISTED_ERRORS)
      .map((t) => ({ clusterId: t.clusterId, ts: t.ts, message: t.error ?? 'poll failed' }));
    // A file counts as live while its last tick is younger than three poll intervals.
    const interval = info.resolutionMs ?? Math.min(...snap.input.clusters.map((c) => c.pollIntervalMs), 10_000);
    return {
      fileName,
      clusters: snap.input.clusters,
      jobs: snap.input.jobs,
      vertices: snap.input.vertices,
      range,
      resolutionMs: info.resolutionMs,
      tickCount: info.ticks,
      gaps: info.gaps.map((g) => ({ clusterId: g.clusterId, from: g.from, to: g.to, reason: g.reason })),
      errors,
      live: range !== null && now() - range.to < 3 * interval,
    };
  };

  const overview = (p: { from: number; to: number; buckets: number }): OverviewResult => {
    const snap = cache.get();
    const b = makeBuckets(p.from, p.to, p.buckets);
    const lanes = snap.input.vertices.map((v) => {
      const levels: (LevelCode | null)[] = new Array<LevelCode | null>(p.buckets).fill(null);
      const s = snap.series(v.clusterId, v.jobId, v.vertexId);
      if (s) foldLevels(s, b, levels);
      return { clusterId: v.clusterId, jobId: v.jobId, vertexId: v.vertexId, levels };
    });
    const overlaps = (a: number, z: number) => z >= p.from && a <= p.to;
    const info = snap.info;
    return {
      from: p.from,
      to: p.to,
      bucketMs: b.width,
      lanes,
      checkpoints: snap.input.checkpoints.filter((c) => overlaps(c.triggerTs, c.endTs)),
      gcWindows: snap.input.gcWindows.filter((g) => overlaps(g.start, g.end)),
      events: snap.input.events.filter((e) => overlaps(e.ts, e.ts)),
      gaps: info.gaps.filter((g) => overlaps(g.from, g.to)).map((g) => ({ clusterId: g.clusterId, from: g.from, to: g.to, reason: g.reason })),
      episodes: summarizeEpisodes(analysis(snap)).filter((e) => overlaps(e.start, e.end)),
    };
  };

  const analysisCall = (p: { sustainedAfterMs?: number | undefined }): AnalysisResult => {
    const doc = analysis(cache.get(), p.sustainedAfterMs);
    return { sustainedAfterMs: doc.options.sustainedAfterMs, episodes: summarizeEpisodes(doc) };
  };

  const tickNear = (p: { at: number; step: -1 | 0 | 1 }) => {
    const t = cache.get().tickTimes;
    if (t.length === 0) return { ts: null };
    const k = lastAtOrBefore(t, t.length, p.at);
    if (p.step === 0) {
      const before = k >= 0 ? t[k]! : null;
      const after = k + 1 < t.length ? t[k + 1]! : null;
      if (before === null) return { ts: after };
      if (after === null) return { ts: before };
      return { ts: p.at - before <= after - p.at ? before : after };
    }
    if (p.step < 0) {
      const j = k >= 0 && t[k] === p.at ? k - 1 : k;
      return { ts: j >= 0 ? t[j]! : null };
    }
    return { ts: k + 1 < t.length ? t[k + 1]! : null };
  };

  const jobGraph = (p: { clusterId: number; jobId: string; at: number }): JobGraphResult => {
    const snap = cache.get();
    const job = snap.input.jobs.find((j) => j.clusterId === p.clusterId && j.jobId === p.jobId);
    if (!job) throw new ApiNotFoundError(`no job ${p.jobId} on cluster ${p.clusterId} in this session`);
    const ts = tickAtOrBefore(snap, p.at);
    const asOf = epochMs(ts ?? p.at);
    const vertices = reader.vertices(asOf).filter((v) => v.clusterId === p.clusterId && v.jobId === p.jobId);
    const edges = reader.edgesAt(asOf).filter((e) => e.clusterId === p.clusterId && e.jobId === p.jobId);
    const sampleOf = (v: VertexInfo): { s: VertexSeries; k: number } | null => {
      const s = snap.series(v.clusterId, v.jobId, v.vertexId);
      if (!s || ts === null) return null;
      const k = lowerBound(s, ts + 1) - 1;
      // Only a sample of this very tick counts: an older one would show a stale level.
      return k >= 0 && s.ts[k] === ts && !s.gap[k] ? { s, k } : null;
    };
    const out: GraphVertex[] = vertices.map((v) => {
      const at = sampleOf(v);
      const code = at ? at.s.level[at.k]! : -1;
      return {
        ...v,
        level: code >= 0 ? LEVELS[code]! : null,
        busy: at && Number.isFinite(at.s.busyMean[at.k]!) ? at.s.busyMean[at.k]! : null,
        backPressure: at && Number.isFinite(at.s.ratio[at.k]!) ? at.s.ratio[at.k]! : null,
      };
    });
    return { clusterId: p.clusterId, jobId: p.jobId, jobName: job.name, ts, vertices: out, edges, ...bottleneckAt(snap, p, ts, out) };
  };

  /**
   * The bottleneck at an instant: inside an episode of this job, the analysis' own answer for
   * that episode; otherwise the same downstream walk over the vertices' state at this tick.
   */
  const bottleneckAt = (
    snap: Snapshot,
    p: { clusterId: number; jobId: string; at: number },
    ts: number | null,
    vertices: GraphVertex[],
  ): Pick<JobGraphResult, 'bottleneck' | 'ambiguity'> => {
    if (ts === null) return { bottleneck: null, ambiguity: null };
    const name = (id: string) => vertices.find((v) => v.vertexId === id)?.name ?? id;
    const doc = analysis(snap);
    const inEpisode = doc.episodes.find((e) => e.clusterId === p.clusterId && e.jobId === p.jobId && e.start <= p.at && p.at <= e.end && e.bottleneck);
    if (inEpisode?.bottleneck) {
      return {
        bottleneck: {
          vertexId: inEpisode.bottleneck.vertexId,
          reason: `busy and not backpressured, downstream of the ${inEpisode.class} backpressure on ${inEpisode.vertexName} (${formatDuration(inEpisode.durationMs)})`,
        },
        ambiguity: null,
      };
    }
    const start = [...vertices].sort((a, b) => a.topoIndex - b.topoIndex).find((v) => v.level === 'LOW' || v.level === 'HIGH');
    if (!start) return { bottleneck: null, ambiguity: null };
    const stateOf = (id: string): VertexState | undefined => {
      const s = snap.series(p.clusterId, p.jobId, id);
      if (!s) return undefined;
      const st = windowStats(s, ts, ts);
      return { backpressured: st.samples > 0 ? st.bpShare >= BACKPRESSURED_SHARE : null, busy: st.busyMax };
    };
    const walk = findBottleneck(snap.index.downstream.get(`${p.clusterId}/${p.jobId}`) ?? new Map(), stateOf, start.vertexId);
    if (walk.vertexId) {
      return { bottleneck: { vertexId: walk.vertexId, reason: `busy and not backpressured, downstream of backpressured ${name(start.vertexId)}` }, ambiguity: null };
    }
    const why: Record<string, string> = {
      'multiple-candidates': `several busy vertices downstream: ${walk.candidates.map(name).join(', ')}`,
      'missing-data': `no data for ${walk.missing.map(name).join(', ')}`,
      'no-busy-downstream': `vertices after the backpressure are not busy: ${walk.idle.map(name).join(', ')}`,
      'no-downstream': 'the backpressured vertices have no downstream vertex',
    };
    return { bottleneck: null, ambiguity: walk.ambiguity ? why[walk.ambiguity]! : null };
  };

  const framesAround = (snap: Snapshot, v: VertexInfo, from: number, to: number): VertexFrame[] => {
    // One interval of lead-in so the first sample in the window can be differenced.
    const s = snap.series(v.clusterId, v.jobId, v.vertexId);
    const lead = s ? s.intervalMs * 2 : 20_000;
    return reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, { from: epochMs(Math.max(0, from - lead)), to: epochMs(to) });
  };

  const vertexDetail = (p: { clusterId: number; jobId: string; vertexId: string; from: number; to: number; columns: number }): VertexDetailResult => {
    const snap = cache.get();
    const vertex = vertexOf(snap, p.clusterId, p.jobId, p.vertexId);
    const frames = framesAround(snap, vertex, p.from, p.to);
    const ticks = snap.input.ticks.filter((t) => t.clusterId === p.clusterId);
    const samples = subtaskRatios(frames, ticks);
    const b = makeBuckets(p.from, p.to, p.columns);
    const subtasks = Math.max(vertex.parallelism, ...frames.map((f) => f.parallelism));
    const heat: (number | null)[][] = Array.from({ length: subtasks }, () => new Array<number | null>(p.columns).fill(null));
    const series = Object.fromEntries(DETAIL_SERIES.map((k) => [k, new MinMax(p.columns)])) as Record<DetailSeriesKey, MinMax>;
    for (const smp of samples) {
      if (smp.gap) continue;
      const span = bucketSpan(b, smp.ts - (s0(snap, vertex)?.intervalMs ?? 0), smp.ts);
      if (!span) continue;
      for (let c = span[0]; c <= span[1]; c++) {
        for (let i = 0; i < smp.ratio.length; i++) {
          const r = smp.ratio[i]!;
          const row = heat[i];
          if (row && Number.isFinite(r)) row[c] = Math.max(row[c] ?? 0, r);
          series.busyTimeMsPerSecond.add(c, smp.busy[i]! * 1000);
          series.idleTimeMsPerSecond.add(c, smp.idle[i]! * 1000);
          series.backPressuredTimeMsPerSecond.add(c, r * 1000);
        }
      }
    }
    const gauges = ['inPoolUsage', 'outPoolUsage', 'inputFloatingBuffersUsage', 'inputExclusiveBuffersUsage', 'numRecordsInPerSecond', 'numRecordsOutPerSecond'] as const;
    // A gauge stands for the poll interval ending at its frame, like the ratio samples above.
    const interval = s0(snap, vertex)?.intervalMs ?? 0;
    for (const f of frames) {
      const span = bucketSpan(b, f.ts - interval, f.ts);
      if (!span) continue;
      for (let c = span[0]; c <= span[1]; c++) {
        for (const m of gauges) {
          const vals = f.subtasks[m];
          if (vals) for (const x of vals) series[m].add(c, x);
        }
      }
    }
    return {
      vertex,
      from: p.from,
      to: p.to,
      columns: p.columns,
      columnMs: b.width,
      t: Array.from({ length: p.columns }, (_, i) => p.from + i * b.width),
      heatmap: { subtasks, values: heat },
      series: Object.fromEntries(DETAIL_SERIES.map((k) => [k, { min: series[k].min, max: series[k].max } satisfies MinMaxSeries])) as Record<DetailSeriesKey, MinMaxSeries>,
    };
  };

  const s0 = (snap: Snapshot, v: VertexInfo) => snap.series(v.clusterId, v.jobId, v.vertexId);

  const subtaskValues = (p: { clusterId: number; jobId: string; vertexId: string; at: number }): SubtaskValuesResult => {
    const snap = cache.get();
    const vertex = vertexOf(snap, p.clusterId, p.jobId, p.vertexId);
    const frames = framesAround(snap, vertex, p.at, p.at);
    const last = frames.at(-1);
    if (!last) return { ts: null, subtasks: [] };
    const ticks = snap.input.ticks.filter((t) => t.clusterId === p.clusterId && t.ts <= last.ts && t.ts >= frames[0]!.ts);
    const smp = subtaskRatios(frames, ticks).at(-1);
    const placement = reader.placementAt(last.ts).find((x) => x.clusterId === p.clusterId && x.jobId === p.jobId && x.vertexId === p.vertexId);
    const val = (a: ArrayLike<number> | undefined, i: number, k = 1): number | null => {
      const x = a?.[i];
      return x !== undefined && Number.isFinite(x) ? x * k : null;
    };
    const fresh = smp && smp.ts === last.ts && !smp.gap ? smp : null;
    return {
      ts: last.ts,
      subtasks: Array.from({ length: last.parallelism }, (_, i) => ({
        index: i,
        taskManagerId: placement?.taskManagers[i] ?? '',
        values: {
          backPressureRatio: val(fresh?.ratio, i),
          busyTimeMsPerSecond: val(fresh?.busy, i, 1000),
          idleTimeMsPerSecond: val(fresh?.idle, i, 1000),
          backPressuredTimeMsPerSecond: val(fresh?.ratio, i, 1000),
          inPoolUsage: val(last.subtasks.inPoolUsage, i),
          outPoolUsage: val(last.subtasks.outPoolUsage, i),
          inputFloatingBuffersUsage: val(last.subtasks.inputFloatingBuffersUsage, i),
          inputExclusiveBuffersUsage: val(last.subtasks.inputExclusiveBuffersUsage, i),
          numRecordsInPerSecond: val(last.subtasks.numRecordsInPerSecond, i),
          numRecordsOutPerSecond: val(last.subtasks.numRecordsOutPerSecond, i),
        },
      })),
    };
  };

  return { sessionInfo, overview, analysis: analysisCall, tickNear, jobGraph, vertexDetail, subtaskValues };
}

/** Max level per bucket from a level series; each sample covers the interval ending at its ts. */
function foldLevels(s: VertexSeries, b: ReturnType<typeof makeBuckets>, out: (LevelCode | null)[]): void {
  const k0 = Math.max(0, lowerBound(s, b.from) - 1);
  for (let k = k0; k < s.n; k++) {
    const ts = s.ts[k]!;
    if (ts - s.intervalMs > b.to) break;
    const code = s.level[k]!;
    if (code < 0) continue;
    const start = s.gapBefore[k] ? ts - s.intervalMs : Math.max(s.spanStart[k]!, ts - 3 * s.intervalMs);
    const span = bucketSpan(b, start, ts);
    if (!span) continue;
    for (let i = span[0]; i <= span[1]; i++) {
      const cur = out[i];
      if (cur === null || cur === undefined || code > cur) out[i] = code as LevelCode;
    }
  }
}
