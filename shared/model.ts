// The domain model shared by recorder, session file, analysis, UI and reports.
// Names follow Flink: cluster, job, vertex (JobVertex = a chain of operators), subtask,
// TaskManager, checkpoint. Values are version-independent ("canonical"): the recorder resolves
// each Flink version's metric ids into these keys, so nothing downstream knows about
// `buffers.inPoolUsage` vs `Shuffle.Netty.Input.Buffers.inPoolUsage`.

import type { DurationMs, EpochMs } from './time';

/** Flink's backpressure levels (REST `backpressure-level`, upper-cased). */
export type Level = 'OK' | 'LOW' | 'HIGH';

/** Session-local cluster number (1, 2, …), stable within one session file. */
export type ClusterId = number;

export interface ClusterInfo {
  id: ClusterId;
  /** Base URL without credentials, query or fragment. */
  url: string;
  /** As reported by `/config` (`flink-version`), e.g. "1.20.1"; null until known. */
  flinkVersion: string | null;
  /** `metrics.fetcher.update-interval` of the JobManager (ms); 10000 when not set there. */
  fetchIntervalMs: number | null;
  /** Poll interval the user asked for. */
  pollIntervalMs: number;
}

export interface JobInfo {
  clusterId: ClusterId;
  jobId: string;
  name: string;
}

export interface VertexInfo {
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  /** Chained operator names joined by ` -> `, as Flink reports them. */
  name: string;
  parallelism: number;
  maxParallelism: number | null;
  /** Topological position within the job (sources first), for stable ordering. */
  topoIndex: number;
}

/** A job-graph edge from the plan's `inputs[]`: upstream → downstream. */
export interface EdgeInfo {
  clusterId: ClusterId;
  jobId: string;
  source: string;
  target: string;
  /** `FORWARD`, `HASH`, `REBALANCE`, … as in the plan. */
  shipStrategy: string;
}

/**
 * Per-subtask metrics, canonical keys. Ratios are 0..1, times are ms, usages are fractions
 * (outPoolUsage may exceed 1 with overdraft buffers, 1.16+). Counters are cumulative.
 * NaN (or an absent array) means "not reported", never zero.
 */
export const SUBTASK_METRICS = [
  // Time accounting. Gauges as the JobManager reports them (5 s averages on 1.13–1.16, 60 s from 1.17).
  'backPressuredTimeMsPerSecond',
  'idleTimeMsPerSecond',
  'busyTimeMsPerSecond',
  'softBackPressuredTimeMsPerSecond',
  'hardBackPressuredTimeMsPerSecond',
  // Monotonic counters (1.16+): difference them for exact windows.
  'accumulateBackPressuredTimeMs',
  'accumulateIdleTimeMs',
  'accumulateBusyTimeMs',
  // `/backpressure` endpoint ratios (1.13+), or the sampled ratio on ≤ 1.12.
  'backPressureRatio',
  // 1.10+: "true"/"false" gauge stored as 1/0.
  'isBackPressured',
  // Network buffers.
  'inPoolUsage',
  'outPoolUsage',
  'inputFloatingBuffersUsage',
  'inputExclusiveBuffersUsage',
  'inputQueueLength',
  'outputQueueLength',
  // Throughput counters (task scope).
  'numRecordsIn',
  'numRecordsOut',
  'numBytesOut',
  'numBuffersOut',
  'numBytesInLocal',
  'numBytesInRemote',
  'numBuffersInLocal',
  'numBuffersInRemote',
  // Rates as reported (60 s meters).
  'numRecordsInPerSecond',
  'numRecordsOutPerSecond',
] as const;
export type SubtaskMetric = (typeof SUBTASK_METRICS)[number];

/** Per-TaskManager metrics, canonical keys. GC is summed over all collectors (per collector: GC windows). */
export const TASKMANAGER_METRICS = [
  'gcCount',
  'gcTimeMs',
  'heapUsed',
  'heapMax',
  'nettyAvailableSegments',
  'nettyTotalSegments',
  'cpuLoad',
] as const;
export type TaskManagerMetric = (typeof TASKMANAGER_METRICS)[number];

/** Outcome of one poll of one cluster. */
export type TickStatus = 'ok' | 'partial' | 'error';

export interface TickInfo {
  clusterId: ClusterId;
  /** Recorder wall clock when the poll started. */
  ts: EpochMs;
  status: TickStatus;
  /** Wall time the whole poll took. */
  latencyMs: DurationMs;
  /** JobManager's last metric fetch (`/backpressure` end-timestamp), when known. */
  serverTs: EpochMs | null;
  /** False when the server had not refreshed its metric store since the previous tick. */
  fresh: boolean;
  requests: number;
  error: string | null;
  /** What failed or was not asked in this tick, by endpoint (Flink's route) and kind. */
  problems?: TickProblem[];
}

export interface TickProblem {
  /** `/jobs/:jobid/vertices/:vertexid/backpressure`; ids never appear. */
  endpoint: string;
  /** The Flink client's error kind: `timeout`, `http-status`, `not-asked`, … */
  kind: string;
  count: number;
}

/** All subtasks of one vertex at one tick, one array slot per subtask index. */
export interface VertexFrame {
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  ts: EpochMs;
  parallelism: number;
  /** Values per canonical metric; length = parallelism; NaN = missing. */
  subtasks: Partial<Record<SubtaskMetric, Float64Array>>;
  /** TaskManager id per subtask index ('' when unknown). Only set when it changed or on first frame. */
  taskManagers?: string[];
  /**
   * The time counters summed over subtasks by the JobManager (`subtasks/metrics?agg=sum,avg`),
   * asked for every vertex every tick (1.16+) at the cost of one request per vertex, so the exact
   * vertex-wide ratio is known even where per-subtask counters were not fetched.
   */
  totals?: Partial<Record<TimeCounter, CounterTotal>>;
  /**
   * What the analysis reduces this frame's subtasks to (shared/analysis/series.ts reduceSample),
   * derived when it was written, against the frame named by `baseTs`. Set by the session reader,
   * whose `subtasks` and `totals` are then decoded only when a rule reads them.
   */
  sample?: FrameSample;
}

/** One frame's subtasks reduced to what a vertex's level series holds (see reduceSample). */
export interface FrameSample {
  /** The frame differenced against (null: none) and the wall time between them (NaN: none). */
  baseTs: number | null;
  wallMs: number;
  /** Highest ratio over subtasks (−1: none) and its subtask (−1: none). */
  ratio: number;
  ratioArg: number;
  affected: number;
  valid: number;
  /** Least precise RATIO_SOURCES index used, −1 when none. */
  source: number;
  /** Subtasks whose counters went down. */
  resets: number;
  /** The frame carries time counters (only looked at when no subtask had a value). */
  timeCounters: boolean;
  /** Highest busy fraction (−1: none), its subtask, busy subtasks, their mean and count. */
  busyMax: number;
  busyArg: number;
  busyHot: number;
  busyMean: number;
  busyN: number;
  idleMean: number;
  idleN: number;
}

/** The monotonic time counters (1.16+); differencing them gives exact per-interval fractions. */
export const TIME_COUNTERS = ['accumulateBackPressuredTimeMs', 'accumulateBusyTimeMs', 'accumulateIdleTimeMs'] as const;
export type TimeCounter = (typeof TIME_COUNTERS)[number];
/** The time-accounting gauges, in the order charts show them. */
export const TIME_GAUGES = ['busyTimeMsPerSecond', 'idleTimeMsPerSecond', 'backPressuredTimeMsPerSecond'] as const;
/** The network buffer pools' usages (0..1). */
export const BUFFER_USAGES = [
  'inPoolUsage',
  'outPoolUsage',
  'inputFloatingBuffersUsage',
  'inputExclusiveBuffersUsage',
] as const;
/** The JobManager's record rates (60 s meters); exact rates come from differencing the counters. */
export const RECORD_RATES = ['numRecordsInPerSecond', 'numRecordsOutPerSecond'] as const;

/** A counter's sum over the subtasks that reported it, and how many did (sum / avg). */
export interface CounterTotal {
  sum: number;
  subtasks: number;
}

/**
 * The total from an aggregate answer: the store aggregates only the subtasks it holds, so the
 * count (sum / avg) tells whether the sum covers all of them. Null when it cannot be told.
 */
export function counterTotal(sum: number | null | undefined, avg: number | null | undefined): CounterTotal | null {
  if (sum == null || avg == null || !Number.isFinite(sum) || !Number.isFinite(avg) || avg <= 0 || sum < 0) return null;
  return { sum, subtasks: Math.round(sum / avg) };
}

export interface TaskManagerFrame {
  clusterId: ClusterId;
  taskManagerId: string;
  ts: EpochMs;
  values: Partial<Record<TaskManagerMetric, number>>;
}

export type CheckpointStatus = 'COMPLETED' | 'FAILED' | 'IN_PROGRESS';

export interface CheckpointEvent {
  clusterId: ClusterId;
  jobId: string;
  id: number;
  status: CheckpointStatus;
  isSavepoint: boolean;
  triggerTs: EpochMs;
  /** trigger + end_to_end_duration; for in-progress ones the latest ack. */
  endTs: EpochMs;
  checkpointedSize: number | null;
  stateSize: number | null;
  /** Max alignment duration over vertices, when the detail was fetched (ms). */
  alignmentMs: number | null;
  failureMessage: string | null;
}

/**
 * GC on one TaskManager: its collectors ran for gcTimeMs between start and end. Recorded (raw)
 * windows span two consecutive samples of one collector; what the analysis, the UI and reports
 * show are merged windows, one per collection period (`mergeGcWindows`, shared/analysis/gc.ts).
 */
export interface GcWindow {
  clusterId: ClusterId;
  taskManagerId: string;
  start: EpochMs;
  end: EpochMs;
  gcTimeMs: number;
  gcCount: number;
  /**
   * The JVM's collector name ("G1 Old Generation"; Flink's metric ids write it
   * `G1_Old_Generation`); in a merged window the one that ran longest. Null when only the sum
   * over all collectors is known (sessions recorded before format 3, or only `All` reported).
   */
  collector: string | null;
}

export type JobEvent =
  | { kind: 'state'; clusterId: ClusterId; jobId: string; ts: EpochMs; from: string | null; to: string }
  | { kind: 'restart'; clusterId: ClusterId; jobId: string; ts: EpochMs; numRestarts: number }
  | {
      kind: 'rescale';
      clusterId: ClusterId;
      jobId: string;
      ts: EpochMs;
      vertexId: string;
      from: number;
      to: number;
    }
  | { kind: 'plan-change'; clusterId: ClusterId; jobId: string; ts: EpochMs }
  | {
      kind: 'exception';
      clusterId: ClusterId;
      jobId: string;
      ts: EpochMs;
      exceptionName: string;
      message: string;
      taskName: string | null;
    }
  | { kind: 'checkpoint-history-gap'; clusterId: ClusterId; jobId: string; ts: EpochMs; missedIds: number }
  | { kind: 'recorder-error'; clusterId: ClusterId; jobId: string | null; ts: EpochMs; message: string };

export type JobEventKind = JobEvent['kind'];

/** Which TaskManager ran each subtask of a vertex from `ts` on (subtask index → TaskManager id, '' unknown). */
export interface SubtaskPlacement {
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  ts: EpochMs;
  taskManagers: string[];
}

/** Who made an annotation: the user, or the analysis (an episode, checkpoint, … the user pinned). */
export type AnnotationSource = 'user' | 'auto';

/** A note on the timeline: a point (end null) or a region, optionally about one vertex. */
export interface Annotation {
  id: number;
  source: AnnotationSource;
  /** Stable key of the automatic annotation; null for user annotations. */
  autoKey: string | null;
  start: EpochMs;
  /** null for a point annotation, otherwise the end of the region (inclusive). */
  end: EpochMs | null;
  text: string;
  tag: string | null;
  clusterId: ClusterId | null;
  jobId: string | null;
  vertexId: string | null;
  pinned: boolean;
  createdTs: EpochMs;
  updatedTs: EpochMs;
}
