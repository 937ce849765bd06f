// Turns what the caller hands the writer into what the file stores, or says what is wrong with it
// (an 'invalid-input' SessionFileError, before anything is written): instants, tick order, known
// clusters, jobs, vertices and metrics, and each vertex frame as its compressed blob, its per-tick
// summaries and its placement when that changed.

import {
  counterTotal,
  SUBTASK_METRICS,
  TASKMANAGER_METRICS,
  TIME_COUNTERS,
  type ClusterId,
  type CounterTotal,
  type FrameSample,
  type JobEvent,
  type SubtaskMetric,
  type TickInfo,
  type TimeCounter,
  type VertexFrame,
} from '../../shared/model';
import { allocSubtaskBuffers, type SubtaskBuffers } from '../../shared/analysis/ratios';
import { reduceSample } from '../../shared/analysis/series';
import type { EpochMs } from '../../shared/time';
import { SessionFileError } from './errors';
import { decodedColumns, encodeFrame, metricExponent, type CodecState, type FrameColumn } from './frame-codec';
import { encodePlacement, type AggregateValues, type MetricSummary } from './sql/frames';
import { encodeTaskManagerValues } from './taskmanager-codec';
import type { TickBatch } from './types';
import type { SampleBase, WriterIds } from './writer-ids';

/** A key frame every this many frames of a vertex bounds the work to decode any single frame. */
export const KEY_FRAME_INTERVAL = 32;

const TICK_STATUSES = new Set(['ok', 'partial', 'error']);
const EVENT_KINDS = new Set([
  'state',
  'restart',
  'rescale',
  'plan-change',
  'exception',
  'checkpoint-history-gap',
  'recorder-error',
]);
const SUBTASK_METRIC_SET = new Set<string>(SUBTASK_METRICS);
const TASKMANAGER_METRIC_SET = new Set<string>(TASKMANAGER_METRICS);

export function invalid(message: string): SessionFileError {
  return new SessionFileError('invalid-input', message);
}

export function checkInstant(what: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw invalid(`${what} must be integer epoch milliseconds, got ${v}`);
}

export function requireCluster(ids: WriterIds, id: ClusterId): void {
  if (!ids.clusters.has(id)) throw invalid(`unknown cluster ${id}; call addCluster first`);
}

export function requireJob(ids: WriterIds, clusterId: ClusterId, jobId: string, what: string): void {
  if (ids.jobName(clusterId, jobId) === undefined) throw invalid(`${what}; call upsertJob first`);
}

export function vertexRef(ids: WriterIds, clusterId: ClusterId, jobId: string, vertexId: string): number {
  const ref = ids.vertexRef(clusterId, jobId, vertexId);
  if (ref === undefined)
    throw invalid(`vertex ${vertexId} of job ${jobId} on cluster ${clusterId} was not declared with upsertVertices`);
  return ref;
}

function subtaskMetricId(ids: WriterIds, metric: string): number {
  const id = SUBTASK_METRIC_SET.has(metric) ? ids.subtaskMetrics.get(metric as SubtaskMetric) : undefined;
  if (id === undefined) throw invalid(`unknown subtask metric "${metric}"`);
  return id;
}

/** A vertex frame as stored: the blob, its summaries, and the placement when it changed. */
export interface StoredFrame {
  ref: number;
  ts: EpochMs;
  parallelism: number;
  key: boolean;
  data: Uint8Array;
  /** The vertex's codec state after this frame (kept once the tick has committed). */
  state: CodecState;
  summaries: MetricSummary[];
  /** JSON of the TaskManagers when it differs from the stored one, else null. */
  placement: string | null;
  /** What the analysis reduces the frame to (null: the analysis skips it, or it cannot be told now). */
  sample: FrameSample | null;
  /** The vertex's sample base after this frame; undefined: unchanged. */
  nextBase: SampleBase | undefined;
}

const NO_BASE: SampleBase = { frame: null, wall: NaN, hasServer: false, lastServerTs: null };
let sampleBuf: SubtaskBuffers = allocSubtaskBuffers(64);

type Totals = Partial<Record<TimeCounter, CounterTotal>>;

/**
 * The frame's sample as buildSeries (shared/analysis/series.ts) computes it, replaying its choice
 * of the frame to difference against: frames of stale ticks (not fresh, or the same JobManager
 * fetch) are skipped, an error tick leaves no base, the wall time is the JobManager's fetch times
 * when both ticks have one. What it cannot know here (the job not running, a hole in the data)
 * makes the analysis difference against another frame; it then sees the stored base differ and
 * decodes the frame instead.
 */
function frameSample(
  ids: WriterIds,
  ref: number,
  tick: TickInfo,
  f: VertexFrame,
  columns: readonly FrameColumn[],
  names: readonly SubtaskMetric[],
  state: CodecState,
  totals: Totals | undefined,
): { sample: FrameSample | null; nextBase: SampleBase | undefined } {
  const base = ids.sampleBases.get(ref) ?? NO_BASE;
  // The analysis finds a frame's tick by its instant; a frame stamped otherwise is decoded.
  if (f.ts !== tick.ts) return { sample: null, nextBase: NO_BASE };
  if (!tick.fresh && tick.status !== 'error') return { sample: null, nextBase: undefined };
  if (tick.serverTs !== null && tick.serverTs === base.lastServerTs) return { sample: null, nextBase: undefined };
  const hasServer = tick.serverTs !== null;
  const wall = hasServer ? tick.serverTs! : f.ts;
  const lastServerTs = hasServer ? tick.serverTs : base.lastServerTs;
  if (tick.status === 'error') return { sample: null, nextBase: { frame: null, wall, hasServer, lastServerTs } };
  const decoded = decodedColumns(columns, state);
  const subtasks: VertexFrame['subtasks'] = {};
  columns.forEach((c, i) => (subtasks[names[i]!] = decoded.get(c.metricId)!));
  const view: VertexFrame = {
    clusterId: f.clusterId,
    jobId: f.jobId,
    vertexId: f.vertexId,
    ts: f.ts,
    parallelism: f.parallelism,
    subtasks,
  };
  if (totals) view.totals = totals;
  const prev = base.frame;
  const wallMs = prev ? (hasServer && base.hasServer ? wall - base.wall : f.ts - prev.ts) : NaN;
  if (sampleBuf.ratio.length < f.parallelism) sampleBuf = allocSubtaskBuffers(f.parallelism);
  const sample = reduceSample(prev, view, wallMs, sampleBuf);
  return { sample, nextBase: { frame: view, wall, hasServer, lastServerTs } };
}

/** min/max/mean/count over the finite values; null when there are none. */
function summarize(metricId: number, values: Float64Array): MetricSummary | null {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  return count > 0 ? { metricId, min, max, mean: sum / count, count } : null;
}

function storedFrame(
  ids: WriterIds,
  f: VertexFrame,
  tick: TickInfo,
  level: number,
  samples: boolean,
  totals: Totals | undefined,
): StoredFrame {
  const clusterId = tick.clusterId;
  if (f.clusterId !== clusterId)
    throw invalid(`frame of vertex ${f.vertexId} belongs to cluster ${f.clusterId}, the tick to cluster ${clusterId}`);
  checkInstant('frame time', f.ts);
  const ref = vertexRef(ids, f.clusterId, f.jobId, f.vertexId);
  const track = ids.tracks.get(ref)!;
  if (f.ts <= track.lastTs)
    throw invalid(`frame of vertex ${f.vertexId} at ${f.ts} is not after its previous frame at ${track.lastTs}`);
  const n = f.parallelism;
  if (!(Number.isSafeInteger(n) && n >= 1))
    throw invalid(`frame of vertex ${f.vertexId}: parallelism must be a positive integer`);
  const columns: FrameColumn[] = [];
  const names: SubtaskMetric[] = [];
  const summaries: MetricSummary[] = [];
  for (const [metric, values] of Object.entries(f.subtasks)) {
    if (values === undefined) continue;
    const metricId = subtaskMetricId(ids, metric);
    names.push(metric as SubtaskMetric);
    if (values.length !== n)
      throw invalid(`frame of vertex ${f.vertexId}: ${metric} has ${values.length} values for parallelism ${n}`);
    columns.push({ metricId, exp: metricExponent(metric), values });
    const s = summarize(metricId, values);
    if (s) summaries.push(s);
  }
  let placement: string | null = null;
  if (f.taskManagers !== undefined) {
    if (f.taskManagers.length !== n)
      throw invalid(`frame of vertex ${f.vertexId}: ${f.taskManagers.length} TaskManagers for parallelism ${n}`);
    const encoded = encodePlacement(f.taskManagers);
    if (encoded !== track.placement) placement = encoded;
  }
  const isKey = track.state === null || track.sinceKey >= KEY_FRAME_INTERVAL || track.state.parallelism !== n;
  const { data, state } = encodeFrame(n, columns, isKey ? null : track.state, { level });
  const { sample, nextBase } = samples
    ? frameSample(ids, ref, tick, f, columns, names, state, totals)
    : { sample: null, nextBase: undefined };
  return { ref, ts: f.ts, parallelism: n, key: isKey, data, state, summaries, placement, sample, nextBase };
}

/** Everything of one tick as the file stores it; nothing is written yet. */
export interface StoredTick {
  frames: StoredFrame[];
  aggregates: Array<{ ref: number; metricId: number; ts: EpochMs; values: AggregateValues }>;
  taskManagerFrames: Array<{ clusterId: ClusterId; taskManagerId: string; ts: EpochMs; data: Buffer }>;
}

export interface TickFormat {
  /** The file has gc_collector_windows (format 3+). */
  collectorWindows: boolean;
  path: string;
  /** zlib level of frame blobs. */
  level: number;
  /** The file has frame_samples (format 6+). */
  samples: boolean;
}

/**
 * The time counters' totals per vertex ref at each frame's instant, as the reader will attach them
 * (decode-frames.ts counterTotals): of the aggregates at the tick's instant, the last of each metric.
 */
function batchTotals(ids: WriterIds, batch: TickBatch): Map<number, Totals> {
  const last = new Map<string, { ref: number; counter: TimeCounter; sum: number; avg: number }>();
  for (const a of batch.vertexAggregates ?? []) {
    if (a.ts !== batch.tick.ts || !(TIME_COUNTERS as readonly string[]).includes(a.metric)) continue;
    const ref = ids.vertexRef(a.clusterId, a.jobId, a.vertexId);
    if (ref === undefined) continue;
    last.set(`${ref}/${a.metric}`, { ref, counter: a.metric as TimeCounter, sum: a.sum, avg: a.avg });
  }
  const out = new Map<number, Totals>();
  for (const { ref, counter, sum, avg } of last.values()) {
    // Stored as NULL when NaN, which counterTotal refuses the same way.
    const t = counterTotal(Number.isNaN(sum) ? null : sum, Number.isNaN(avg) ? null : avg);
    if (!t) continue;
    const at = out.get(ref) ?? {};
    at[counter] = t;
    out.set(ref, at);
  }
  return out;
}

/** Checks a tick and encodes what it holds; throws 'invalid-input' naming the first problem. */
export function storedTick(ids: WriterIds, batch: TickBatch, format: TickFormat): StoredTick {
  const { tick } = batch;
  requireCluster(ids, tick.clusterId);
  checkInstant('tick time', tick.ts);
  if (!TICK_STATUSES.has(tick.status)) throw invalid(`unknown tick status "${tick.status}"`);
  const lastTs = ids.lastTickTs.get(tick.clusterId);
  if (lastTs !== undefined && tick.ts <= lastTs) {
    throw invalid(`tick at ${tick.ts} is not after the previous tick of cluster ${tick.clusterId} at ${lastTs}`);
  }
  for (const p of tick.problems ?? []) {
    if (typeof p.endpoint !== 'string' || typeof p.kind !== 'string' || !Number.isSafeInteger(p.count) || p.count < 1) {
      throw invalid(`a tick problem needs an endpoint, a kind and a positive count`);
    }
  }
  const totals = format.samples ? batchTotals(ids, batch) : new Map<number, Totals>();
  const frames = (batch.vertexFrames ?? []).map((f) =>
    storedFrame(
      ids,
      f,
      tick,
      format.level,
      format.samples,
      totals.get(ids.vertexRef(f.clusterId, f.jobId, f.vertexId) ?? -1),
    ),
  );
  // Each frame is delta-encoded against the vertex's previous one: two in one batch would share a base.
  const seen = new Set<number>();
  for (const p of frames) {
    if (seen.has(p.ref)) throw invalid(`two frames of vertex ${ids.vertexIdOf(p.ref)} in one tick`);
    seen.add(p.ref);
  }
  const aggregates = (batch.vertexAggregates ?? []).map((a) => {
    checkInstant('aggregate time', a.ts);
    return {
      ref: vertexRef(ids, a.clusterId, a.jobId, a.vertexId),
      metricId: subtaskMetricId(ids, a.metric),
      ts: a.ts,
      values: a,
    };
  });
  for (const e of batch.events ?? []) {
    if (!EVENT_KINDS.has(e.kind)) throw invalid(`unknown job event kind "${(e as JobEvent).kind}"`);
    checkInstant('event time', e.ts);
  }
  for (const c of batch.checkpoints ?? []) {
    checkInstant('checkpoint trigger time', c.triggerTs);
    checkInstant('checkpoint end time', c.endTs);
  }
  for (const g of batch.gcWindows ?? []) {
    checkInstant('GC window start', g.start);
    checkInstant('GC window end', g.end);
    if (g.collector !== null && !format.collectorWindows)
      throw invalid(`GC windows per collector need format 3; ${format.path} is older`);
  }
  const taskManagerFrames = (batch.taskManagerFrames ?? []).map((f) => {
    checkInstant('TaskManager frame time', f.ts);
    const entries: Array<[number, number]> = [];
    for (const [name, value] of Object.entries(f.values)) {
      if (!TASKMANAGER_METRIC_SET.has(name)) throw invalid(`unknown TaskManager metric "${name}"`);
      if (value !== undefined) entries.push([ids.taskManagerMetrics.get(name as keyof typeof f.values)!, value]);
    }
    return { clusterId: f.clusterId, taskManagerId: f.taskManagerId, ts: f.ts, data: encodeTaskManagerValues(entries) };
  });
  return { frames, aggregates, taskManagerFrames };
}
