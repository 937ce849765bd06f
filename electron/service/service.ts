// The API contract implemented on a session file. Bounded work per call, whatever the session's
// size: metadata from small tables (SessionCache), overview lanes from the per-tick summaries
// (LevelLanes, no frame decoded), vertex detail decoding only the requested vertex, metrics and
// window, and the whole-session analysis cached per threshold (AnalysisCache). Both bridges
// (HTTP served mode, Electron IPC) call exactly these handlers; params arrive validated.

import { statSync } from 'node:fs';
import path from 'node:path';
import {
  ApiNotFoundError,
  DETAIL_SERIES,
  type AnalysisResult,
  type ApiHandlers,
  type DetailSeriesKey,
  type GraphVertex,
  type HeatmapMetric,
  type JobGraphResult,
  type MinMaxSeries,
  type OverviewResult,
  type SessionInfoResult,
  type SubtaskValuesResult,
  type VertexDetailResult,
} from '../../shared/api';
import {
  bottleneckBasis, busySpread, findBottleneck, GAP_REASONS, LEVELS, levelCode, subtaskRatios, type AnalysisDocument, type VertexState,
} from '../../shared/analysis';
import { timeCountedOnce } from '../../shared/analysis/incidents';
import { GAP_FACTOR } from '../../shared/analysis/thresholds';
import type { SubtaskMetric, VertexFrame, VertexInfo } from '../../shared/model';
import { epochMs, formatDuration } from '../../shared/time';
import type { SessionReader } from '../session/reader';
import type { SessionWriter } from '../session/writer';
import { AnalysisCache } from './analysis-cache';
import { inThreadRunner, workerRunner } from './analysis-runner';
import { annotationHandlers } from './annotations';
import { bucketSpan, makeBuckets, MinMax } from './buckets';
import { aggregatesWithoutFrames, counterRates, RECORD_COUNTERS } from './gauge-fallback';
import { summarizeEpisodes, summarizeIncidents } from './episodes';
import { anyBetween, jobRunningAt, sampleForTick } from './held';
import { reportPreview } from './report-preview';
import type { AnalysedLane } from './analysis-runner';
import { AnalysedLanes } from './lane-tracks';
import { foldLevels, LevelLanes } from './level-lanes';
import { lastAtOrBefore, SessionCache, type Meta } from './session-cache';
import { TickMemo } from './tick-memo';

export interface ServiceOptions {
  /** Clock for deciding whether the file is still being recorded, and for throttling. */
  now?: () => number;
  /** Opens a writer on the same file for annotations; without it annotations are read-only. */
  openWriter?: () => SessionWriter;
  /** Called after an annotation was added, changed or deleted. */
  annotationsChanged?: () => void;
  /** Minimum age of an analysis before a growing file is analysed again (ms). */
  analysisMinAgeMs?: number;
  /**
   * The bundled analysis worker (see analysis-worker-path.ts): the whole-session analysis then
   * runs in a worker thread. Without it the analysis runs in the calling thread.
   */
  analysisWorker?: string | null;
}

export type Service = ApiHandlers & { close(): void };

/** When the session's write-ahead log was last written (ms), or null when it has none. */
function lastWalWrite(sessionPath: string): number | null {
  try {
    return statSync(`${sessionPath}-wal`).mtimeMs;
  } catch {
    return null;
  }
}

const MAX_LISTED_ERRORS = 200;

/** What a level series needs (counters, gauges and fallbacks of the ratio) and the charts add. */
const RATIO_METRICS: readonly SubtaskMetric[] = [
  'accumulateBackPressuredTimeMs', 'accumulateBusyTimeMs', 'accumulateIdleTimeMs',
  'backPressuredTimeMsPerSecond', 'busyTimeMsPerSecond', 'idleTimeMsPerSecond',
  'backPressureRatio', 'isBackPressured', 'outPoolUsage',
];
const GAUGES = ['inPoolUsage', 'outPoolUsage', 'inputFloatingBuffersUsage', 'inputExclusiveBuffersUsage', 'numRecordsInPerSecond', 'numRecordsOutPerSecond'] as const;
const DETAIL_METRICS: readonly SubtaskMetric[] = [...new Set<SubtaskMetric>([...RATIO_METRICS, ...GAUGES])];
/** The subtask table also differences the record counters (record rates are never fetched per subtask). */
const VALUES_METRICS: readonly SubtaskMetric[] = [...DETAIL_METRICS, ...RECORD_COUNTERS];

export function createService(reader: SessionReader, options: ServiceOptions = {}): Service {
  const now = options.now ?? Date.now;
  const cache = new SessionCache(reader);
  const lanes = new LevelLanes(reader, now);
  const analysedLanes = new AnalysedLanes();
  // Answers built from lanes depend on which analysis run they saw: tag memo keys with it.
  const runIds = new WeakMap<object, number>();
  let runs = 0;
  const analysisTag = (): number => {
    const o = analyses.peek();
    if (!o) return 0;
    if (!runIds.has(o)) runIds.set(o, ++runs);
    return runIds.get(o)!;
  };
  /** What a vertex's lane shows: the analysis' levels where it has run, Flink's gauge after that. */
  const laneTrack = (meta: Meta, v: VertexInfo) =>
    analysedLanes.track(analyses.peek(), `${v.clusterId}/${v.jobId}/${v.vertexId}`, lanes.track(meta, v));
  const runner = options.analysisWorker ? workerRunner(reader.path, options.analysisWorker) : inThreadRunner(reader);
  const analyses = new AnalysisCache(runner, now, options.analysisMinAgeMs);
  const fileName = path.basename(reader.path);
  const graphAtTick = new TickMemo<{ vertices: GraphVertex[]; edges: JobGraphResult['edges']; busyMax: Map<string, number> }>();
  const valuesAtTick = new TickMemo<SubtaskValuesResult>(64);
  // A viewer asks for the same overview more than once (the whole-session strip and a detail
  // window showing the whole session are one request; zooming back out repeats one).
  const overviews = new TickMemo<OverviewResult>(16);
  /** When this service last wrote the log itself (an annotation), or null. */
  let ownWalWrite: number | null = null;
  const notes = annotationHandlers({
    reader,
    meta: () => cache.get(),
    ...(options.openWriter ? { openWriter: options.openWriter } : {}),
    changed: () => {
      // Our own note writes touch the log too: remember them, so they never read as a recording.
      ownWalWrite = lastWalWrite(reader.path);
      options.annotationsChanged?.();
    },
  });

  const vertexOf = (meta: Meta, clusterId: number, jobId: string, vertexId: string): VertexInfo => {
    const v = meta.vertices.find((x) => x.clusterId === clusterId && x.jobId === jobId && x.vertexId === vertexId);
    if (!v) throw new ApiNotFoundError(`no vertex ${vertexId} in job ${jobId} of cluster ${clusterId} in this session`);
    return v;
  };

  const sessionInfo = (): SessionInfoResult => {
    const meta = cache.get();
    const info = meta.info;
    const range = info.timeRange ? { from: info.timeRange.from, to: info.timeRange.to } : null;
    const errors = meta.ticks
      .filter((t) => t.status === 'error' || t.error !== null)
      .slice(-MAX_LISTED_ERRORS)
      .map((t) => ({ clusterId: t.clusterId, ts: t.ts, message: t.error ?? 'poll failed' }));
    // Live = a recorder is appending: its write-ahead log exists (a finished session has none) and
    // was written within three poll intervals, and not last by our own annotation writes. Wall-clock file times, not tick times: a demo's
    // ticks carry the simulator's faster clock, and a crashed recorder's log goes stale.
    const interval = info.resolutionMs ?? Math.min(...meta.clusters.map((c) => c.pollIntervalMs), 10_000);
    const walWritten = lastWalWrite(reader.path);
    return {
      fileName,
      clusters: meta.clusters,
      jobs: meta.jobs,
      vertices: meta.vertices,
      range,
      resolutionMs: info.resolutionMs,
      tickCount: info.ticks,
      gaps: info.gaps.map((g) => ({ clusterId: g.clusterId, from: g.from, to: g.to, reason: g.reason })),
      errors,
      live: range !== null && walWritten !== null && walWritten !== ownWalWrite && now() - walWritten < 3 * Math.max(interval, 1000),
    };
  };

  const overview = (p: { from: number; to: number; buckets: number }): OverviewResult => {
    const meta = cache.get();
    return overviews.get(meta, `${analysisTag()}/${p.from}/${p.to}/${p.buckets}`, () => overviewOf(meta, p));
  };

  const overviewOf = (meta: Meta, p: { from: number; to: number; buckets: number }): OverviewResult => {
    const b = makeBuckets(p.from, p.to, p.buckets);
    const overlaps = (a: number, z: number) => z >= p.from && a <= p.to;
    return {
      from: p.from,
      to: p.to,
      bucketMs: b.width,
      lanes: meta.vertices.map((v) => ({
        clusterId: v.clusterId,
        jobId: v.jobId,
        vertexId: v.vertexId,
        levels: foldLevels(laneTrack(meta, v), p.from, p.to, p.buckets),
      })),
      checkpoints: meta.checkpoints.filter((c) => overlaps(c.triggerTs, c.endTs)),
      gcWindows: meta.gcWindows.filter((g) => overlaps(g.start, g.end)),
      events: meta.events.filter((e) => overlaps(e.ts, e.ts)),
      gaps: meta.info.gaps.filter((g) => overlaps(g.from, g.to)).map((g) => ({ clusterId: g.clusterId, from: g.from, to: g.to, reason: g.reason })),
    };
  };

  const analysisCall = async (p: { sustainedAfterMs?: number | undefined }): Promise<AnalysisResult> => {
    const outcome = await analyses.get(cache.get().lastTs, p.sustainedAfterMs);
    const { doc } = outcome;
    return {
      sustainedAfterMs: doc.options.sustainedAfterMs,
      episodes: summarizeEpisodes(doc),
      incidents: summarizeIncidents(doc),
      backpressuredMs: doc.summary.incidentMs ?? timeCountedOnce(doc.episodes),
    };
  };

  const tickNear = (p: { at: number; step: -1 | 0 | 1 }) => {
    const t = cache.get().tickTimes;
    if (t.length === 0) return { ts: null };
    const k = lastAtOrBefore(t, p.at);
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

  /** One tick's max and mean of a metric over subtasks, from the per-tick summaries. */
  const atTick = (v: VertexInfo, metric: SubtaskMetric, ts: number) => {
    const b = reader.vertexRollup(v.clusterId, v.jobId, v.vertexId, metric, { from: epochMs(ts), to: epochMs(ts) }, 1)[0];
    return b && b.ticks > 0 ? { max: b.max, mean: b.mean } : null;
  };

  const jobGraph = (p: { clusterId: number; jobId: string; at: number }): JobGraphResult => {
    const meta = cache.get();
    const job = meta.jobs.find((j) => j.clusterId === p.clusterId && j.jobId === p.jobId);
    if (!job) throw new ApiNotFoundError(`no job ${p.jobId} on cluster ${p.clusterId} in this session`);
    const ticks = meta.clusterTicks.get(p.clusterId) ?? new Float64Array(0);
    const k = lastAtOrBefore(ticks, p.at);
    const ts = k >= 0 ? ticks[k]! : null;
    const at = ts === null ? () => graphState(meta, p, null) : () => graphAtTick.get(meta, `${analysisTag()}/${p.clusterId}/${p.jobId}/${ts}`, () => graphState(meta, p, ts));
    const { vertices: out, edges, busyMax } = at();
    return { clusterId: p.clusterId, jobId: p.jobId, jobName: job.name, ts, vertices: out, edges, ...bottleneckAt(meta, p, ts, out, busyMax) };
  };

  /**
   * What makes the time between a sample and a later tick a real gap rather than ticks that
   * repeated the JobManager's last answer: a failed poll, or the job not running.
   */
  const gapBetween = (meta: Meta, clusterId: number, jobId: string, sampleTs: number, ts: number): string | null => {
    if (anyBetween(meta.errorTicks.get(clusterId) ?? [], sampleTs, ts)) return 'error-tick';
    if (!jobRunningAt(meta.events, clusterId, jobId, ts)) return 'job-not-running';
    return null;
  };

  const noValues = { level: null, busy: null, backPressure: null, busyMax: null, busiestSubtask: null, busySubtasks: 0, reportingSubtasks: 0, busySpread: null, backpressuredSubtasks: 0 } as const;
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

  /** A vertex at tick `ts` as the analysis measured it: the sample at the tick, or the last one held across repeated ticks. */
  const fromLane = (meta: Meta, v: VertexInfo, lane: AnalysedLane, ts: number): GraphVertex => {
    const hit = sampleForTick(lane.ts, ts, { intervalMs: lane.intervalMs, realGapBetween: (a, b) => gapBetween(meta, v.clusterId, v.jobId, a, b) !== null });
    if (!hit) {
      const i = lastAtOrBefore(lane.ts, ts);
      const why = i >= 0 ? gapBetween(meta, v.clusterId, v.jobId, lane.ts[i]!, ts) : null;
      return { ...v, ...noValues, repeated: false, sampleTs: null, gap: why ?? 'no-data' };
    }
    const k = hit.index;
    const base = { repeated: hit.repeated, sampleTs: lane.ts[k]! };
    if (lane.level[k]! < 0) return { ...v, ...noValues, ...base, gap: GAP_REASONS[lane.gapReason[k]!] || 'no-data' };
    const hot = lane.busyHot[k]!;
    const valid = lane.busyValid[k]!;
    return {
      ...v,
      ...base,
      level: LEVELS[lane.level[k]!]!,
      busy: num(lane.busyMean[k]!),
      backPressure: num(lane.ratio[k]!),
      busyMax: num(lane.busyMax[k]!),
      busiestSubtask: lane.busyArg[k]! >= 0 ? lane.busyArg[k]! : null,
      busySubtasks: hot,
      reportingSubtasks: valid,
      busySpread: busySpread(hot, valid),
      backpressuredSubtasks: lane.affected[k]!,
      gap: null,
    };
  };

  /** A vertex at tick `ts` from the per-tick summaries (Flink's gauges): before an analysis, and for ticks newer than it. */
  const fromRollup = (meta: Meta, v: VertexInfo, ts: number | null): GraphVertex => {
    // Only this very tick counts: an older sample would show a stale level.
    const track = laneTrack(meta, v);
    const i = ts === null ? -1 : lastAtOrBefore(track.ts, ts);
    const ratio = i >= 0 && track.ts[i] === ts ? track.ratio[i]! : NaN;
    // The first tick of a cluster has no baseline: a task that has just started reads busy 1000 ms/s.
    const ticks = meta.clusterTicks.get(v.clusterId) ?? new Float64Array(0);
    const k = ts === null ? -1 : lastAtOrBefore(ticks, ts);
    const baseline = k > 0 && gapBetween(meta, v.clusterId, v.jobId, ticks[k - 1]!, ts!) === null;
    const busy = ts === null || !baseline ? null : atTick(v, 'busyTimeMsPerSecond', ts);
    const code = levelCode(ratio);
    const busyMax = busy && Number.isFinite(busy.max) ? busy.max / 1000 : null;
    return {
      ...v,
      ...noValues,
      level: code >= 0 ? LEVELS[code]! : null,
      busy: busy && Number.isFinite(busy.mean) ? busy.mean / 1000 : null,
      backPressure: Number.isFinite(ratio) ? ratio : null,
      busyMax,
      repeated: false,
      sampleTs: ts,
      gap: ts === null ? null : !baseline ? 'no-baseline' : code < 0 ? 'no-data' : null,
    };
  };

  /** The job's vertices with their level and busy share at tick `ts` (null: before the first tick). */
  const graphState = (meta: Meta, p: { clusterId: number; jobId: string; at: number }, ts: number | null) => {
    const asOf = epochMs(ts ?? p.at);
    const vertices = reader.vertices(asOf).filter((v) => v.clusterId === p.clusterId && v.jobId === p.jobId);
    const edges = reader.edgesAt(asOf).filter((e) => e.clusterId === p.clusterId && e.jobId === p.jobId);
    const outcome = analyses.peek();
    const analysedTo = outcome?.doc.session.end ?? -Infinity;
    const lanes = outcome ? analysedLanes.lanes(outcome) : null;
    const busyMax = new Map<string, number>();
    const out: GraphVertex[] = vertices.map((v) => {
      const lane = lanes?.get(`${v.clusterId}/${v.jobId}/${v.vertexId}`);
      const g = ts !== null && lane && lane.ts.length > 0 && ts <= analysedTo ? fromLane(meta, v, lane, ts) : fromRollup(meta, v, ts);
      if (g.busyMax !== null) busyMax.set(v.vertexId, g.busyMax);
      return g;
    });
    return { vertices: out, edges, busyMax };
  };

  /**
   * The bottleneck at an instant: inside an episode of this job, the analysis' own answer for that
   * episode (when an analysis was already computed — the graph never waits for one); otherwise the
   * same downstream walk over the vertices' state at this tick.
   */
  const bottleneckAt = (
    meta: Meta,
    p: { clusterId: number; jobId: string; at: number },
    ts: number | null,
    vertices: GraphVertex[],
    busyMax: Map<string, number>,
  ): Pick<JobGraphResult, 'bottleneck' | 'ambiguity'> => {
    if (ts === null) return { bottleneck: null, ambiguity: null };
    const name = (id: string) => vertices.find((v) => v.vertexId === id)?.name ?? id;
    const doc: AnalysisDocument | null = analyses.peek()?.doc ?? null;
    const inIncident = doc?.incidents?.find((x) => x.clusterId === p.clusterId && x.jobId === p.jobId && x.start <= p.at && p.at <= x.end && x.bottleneck);
    if (inIncident?.bottleneck) {
      const on = inIncident.vertices.map((v) => v.vertexName).join(' and ');
      return {
        bottleneck: {
          vertexId: inIncident.bottleneck.vertexId,
          reason: `${bottleneckBasis(inIncident.bottleneck)}, downstream of the ${inIncident.class} backpressure on ${on} (${formatDuration(inIncident.durationMs)})`,
        },
        ambiguity: null,
      };
    }
    const start = [...vertices].sort((a, b) => a.topoIndex - b.topoIndex).find((v) => v.level === 'LOW' || v.level === 'HIGH');
    if (!start) return { bottleneck: null, ambiguity: null };
    const stateOf = (id: string): VertexState | undefined => {
      const v = vertices.find((x) => x.vertexId === id);
      if (!v) return undefined;
      return { backpressured: v.level === null ? null : v.level !== 'OK', busy: busyMax.get(id) ?? NaN };
    };
    const walk = findBottleneck(meta.downstream.get(`${p.clusterId}/${p.jobId}`) ?? new Map(), stateOf, start.vertexId);
    if (walk.vertexId) {
      const basis = bottleneckBasis({ rule: walk.basis[walk.vertexId] ?? 'busy', subtasks: [], evidence: {} });
      return { bottleneck: { vertexId: walk.vertexId, reason: `${basis} and not backpressured, downstream of backpressured ${name(start.vertexId)}` }, ambiguity: null };
    }
    const why: Record<string, string> = {
      'multiple-candidates': `several busy vertices downstream: ${walk.candidates.map(name).join(', ')}`,
      'missing-data': `no data for ${walk.missing.map(name).join(', ')}`,
      'no-busy-downstream': `vertices after the backpressure are not busy: ${walk.idle.map(name).join(', ')}`,
      'no-downstream': 'the backpressured vertices have no downstream vertex',
    };
    return { bottleneck: null, ambiguity: walk.ambiguity ? why[walk.ambiguity]! : null };
  };

  /** Frames of one vertex in [from, to] plus lead-in so the first sample can be differenced. */
  /** The longest a sample is held across repeated ticks: GAP_FACTOR fetch intervals. */
  const holdMs = (meta: Meta, clusterId: number): number => {
    const c = meta.clusters.find((x) => x.id === clusterId);
    return GAP_FACTOR * Math.max(meta.intervalMs.get(clusterId) ?? 10_000, c?.fetchIntervalMs ?? 0);
  };
  const framesAround = (meta: Meta, v: VertexInfo, from: number, to: number, metrics: readonly SubtaskMetric[]): VertexFrame[] => {
    // Far enough back for the first sample in range to have one to difference against, across repeated ticks.
    const lead = holdMs(meta, v.clusterId) + (meta.intervalMs.get(v.clusterId) ?? 10_000);
    return reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, { from: epochMs(Math.max(0, from - lead)), to: epochMs(to) }, metrics);
  };
  const ticksBetween = (meta: Meta, clusterId: number, from: number, to: number) => meta.ticks.filter((t) => t.clusterId === clusterId && t.ts >= from && t.ts <= to);

  const vertexDetail = (p: { clusterId: number; jobId: string; vertexId: string; from: number; to: number; columns: number; heatmap?: HeatmapMetric | undefined }): VertexDetailResult => {
    const metric: HeatmapMetric = p.heatmap ?? 'backpressure';
    const meta = cache.get();
    const vertex = vertexOf(meta, p.clusterId, p.jobId, p.vertexId);
    // A sample stands for the interval it measured, ending at its tick: the first one after the
    // window covers the window's last seconds (a narrow window would otherwise end in "no data").
    const tail = p.to + holdMs(meta, p.clusterId) + (meta.intervalMs.get(p.clusterId) ?? 10_000);
    const frames = framesAround(meta, vertex, p.from, tail, DETAIL_METRICS);
    const samples = frames.length ? subtaskRatios(frames, ticksBetween(meta, p.clusterId, frames[0]!.ts, tail)) : [];
    const b = makeBuckets(p.from, p.to, p.columns);
    const subtasks = Math.max(vertex.parallelism, ...frames.map((f) => f.parallelism));
    const heat: (number | null)[][] = Array.from({ length: subtasks }, () => new Array<number | null>(p.columns).fill(null));
    const series = Object.fromEntries(DETAIL_SERIES.map((k) => [k, new MinMax(p.columns)])) as Record<DetailSeriesKey, MinMax>;
    // A gauge stands for the poll interval ending at its frame; a sample for the interval it
    // measured, since the previous one: ticks that repeated the JobManager's answer leave no hole.
    const interval = meta.intervalMs.get(p.clusterId) ?? 0;
    // Each sample's min/max over subtasks is folded once, then into every column its interval covers.
    const acc = { busy: new MinMax(1), idle: new MinMax(1), bp: new MinMax(1) };
    for (const smp of samples) {
      if (smp.gap) continue;
      const span = bucketSpan(b, smp.spanStart, smp.ts);
      if (!span) continue;
      for (const m of Object.values(acc)) m.min[0] = m.max[0] = null;
      const cells = metric === 'busy' ? smp.busy : metric === 'idle' ? smp.idle : smp.ratio;
      for (let i = 0; i < smp.ratio.length; i++) {
        const r = smp.ratio[i]!;
        const v = cells[i]!;
        const row = heat[i];
        if (row && Number.isFinite(v)) for (let c = span[0]; c <= span[1]; c++) row[c] = Math.max(row[c] ?? 0, v);
        acc.busy.add(0, smp.busy[i]! * 1000);
        acc.idle.add(0, smp.idle[i]! * 1000);
        acc.bp.add(0, r * 1000);
      }
      for (let c = span[0]; c <= span[1]; c++) {
        addRange(series.busyTimeMsPerSecond, c, acc.busy);
        addRange(series.idleTimeMsPerSecond, c, acc.idle);
        addRange(series.backPressuredTimeMsPerSecond, c, acc.bp);
      }
    }
    const one = new MinMax(1);
    for (const f of frames) {
      const span = bucketSpan(b, f.ts - interval, f.ts);
      if (!span) continue;
      for (const m of GAUGES) {
        const vals = f.subtasks[m];
        if (!vals) continue;
        one.min[0] = one.max[0] = null;
        for (const x of vals) one.add(0, x);
        for (let c = span[0]; c <= span[1]; c++) addRange(series[m], c, one);
      }
    }
    // Where no frame has a gauge per subtask (a vertex outside the poll plan's detail, and record
    // rates always), the cluster's own min/max over the subtasks at that tick.
    const aggregates = reader.vertexAggregates({ from: epochMs(Math.max(0, p.from - interval)), to: epochMs(tail) }, vertex);
    for (const [m, list] of aggregatesWithoutFrames(frames, aggregates, GAUGES)) {
      for (const a of list) {
        const span = bucketSpan(b, a.ts - interval, a.ts);
        if (!span) continue;
        one.min[0] = one.max[0] = null;
        one.add(0, a.min);
        one.add(0, a.max);
        for (let c = span[0]; c <= span[1]; c++) addRange(series[m as (typeof GAUGES)[number]], c, one);
      }
    }
    return {
      vertex,
      from: p.from,
      to: p.to,
      columns: p.columns,
      columnMs: b.width,
      t: Array.from({ length: p.columns }, (_, i) => p.from + i * b.width),
      heatmap: { subtasks, metric, values: heat },
      series: Object.fromEntries(DETAIL_SERIES.map((k) => [k, { min: series[k].min, max: series[k].max } satisfies MinMaxSeries])) as Record<DetailSeriesKey, MinMaxSeries>,
    };
  };

  const subtaskValues = (p: { clusterId: number; jobId: string; vertexId: string; at: number }): SubtaskValuesResult => {
    const meta = cache.get();
    const vertex = vertexOf(meta, p.clusterId, p.jobId, p.vertexId);
    // Every cursor position up to the next tick of this cluster shows the same frame.
    const ticks = meta.clusterTicks.get(p.clusterId) ?? new Float64Array(0);
    const k = lastAtOrBefore(ticks, p.at);
    if (k < 0) return valuesAt(meta, vertex, p);
    return valuesAtTick.get(meta, `${p.clusterId}/${p.jobId}/${p.vertexId}/${ticks[k]}`, () => valuesAt(meta, vertex, { ...p, at: ticks[k]! }));
  };

  const valuesAt = (meta: Meta, vertex: VertexInfo, p: { clusterId: number; jobId: string; vertexId: string; at: number }): SubtaskValuesResult => {
    const frames = framesAround(meta, vertex, p.at, p.at, VALUES_METRICS);
    const last = frames.at(-1);
    if (!last) return { ts: null, sampleTs: null, repeated: false, gap: null, subtasks: [] };
    const rateIn = last.subtasks.numRecordsInPerSecond ?? counterRates(frames, 'numRecordsIn') ?? undefined;
    const rateOut = last.subtasks.numRecordsOutPerSecond ?? counterRates(frames, 'numRecordsOut') ?? undefined;
    const samples = subtaskRatios(frames, ticksBetween(meta, p.clusterId, frames[0]!.ts, last.ts));
    const sampleTimes = samples.map((x) => x.ts);
    const hit = sampleForTick(sampleTimes, last.ts, {
      intervalMs: holdMs(meta, p.clusterId) / GAP_FACTOR,
      realGapBetween: (a, b) => gapBetween(meta, p.clusterId, p.jobId, a, b) !== null,
    });
    const smp = hit ? samples[hit.index] : undefined;
    const placement = reader.placementAt(last.ts).find((x) => x.clusterId === p.clusterId && x.jobId === p.jobId && x.vertexId === p.vertexId);
    const val = (a: ArrayLike<number> | undefined, i: number, k = 1): number | null => {
      const x = a?.[i];
      return x !== undefined && Number.isFinite(x) ? x * k : null;
    };
    const fresh = smp && !smp.gap ? smp : null;
    const gap = fresh ? null : smp?.reason ?? (samples.length > 0 ? gapBetween(meta, p.clusterId, p.jobId, samples.at(-1)!.ts, last.ts) : null) ?? 'no-data';
    return {
      ts: last.ts,
      sampleTs: smp?.ts ?? null,
      repeated: hit?.repeated ?? false,
      gap,
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
          numRecordsInPerSecond: val(rateIn, i),
          numRecordsOutPerSecond: val(rateOut, i),
        },
      })),
    };
  };

  // The viewer's first question is the overview: build the level lanes right after opening, while
  // the UI is still loading, so the first paint does not wait for them. A failure here is left
  // for that first call to report.
  const warm = setTimeout(() => {
    try {
      const meta = cache.get();
      for (const v of meta.vertices) lanes.track(meta, v);
    } catch {
      // reported by the call that needs it
    }
  }, 0);
  warm.unref();

  return {
    sessionInfo,
    overview,
    analysis: analysisCall,
    tickNear,
    jobGraph,
    vertexDetail,
    subtaskValues,
    annotations: notes.annotations,
    annotation: notes.annotation,
    addAnnotation: notes.addAnnotation,
    updateAnnotation: notes.updateAnnotation,
    deleteAnnotation: notes.deleteAnnotation,
    reportPreview: (p) => reportPreview(reader, p, now),
    close: () => {
      clearTimeout(warm);
      analyses.close();
      notes.close();
    },
  };
}

/** Folds the min and max held in `from` (bucket 0) into bucket c of m. */
function addRange(m: MinMax, c: number, from: MinMax): void {
  const lo = from.min[0] ?? null;
  const hi = from.max[0] ?? null;
  if (lo !== null) m.add(c, lo);
  if (hi !== null) m.add(c, hi);
}
