// The contract between the simulated cluster's physical model (model/, scenarios/) and its
// wire layer (server/, versions/). The model knows nothing about Flink versions, metric ids or
// JSON; the wire layer knows nothing about queues and service rates. All times are simulated
// epoch milliseconds (the model's clock), never Date.now().

import type { EpochMs } from '../../shared/time';

export type SimJobState =
  'INITIALIZING' | 'CREATED' | 'RUNNING' | 'RESTARTING' | 'FAILING' | 'FAILED' | 'CANCELLING' | 'CANCELED' | 'FINISHED';

export type SimExecutionState =
  'CREATED' | 'SCHEDULED' | 'DEPLOYING' | 'INITIALIZING' | 'RUNNING' | 'FINISHED' | 'CANCELING' | 'CANCELED' | 'FAILED';

/** Time accounting over a window, in ms per second (each 0..1000, summing to ~1000). */
export interface SimTimeShares {
  busy: number;
  idle: number;
  backPressured: number;
  softBackPressured: number;
  hardBackPressured: number;
}

export interface SimSubtask {
  index: number;
  attempt: number;
  status: SimExecutionState;
  taskManagerId: string;
  startTime: EpochMs;
  /** Legacy SourceFunction: Flink reports busy time as NaN for these. */
  legacySource: boolean;
  // Cumulative counters since the attempt started (ms or counts).
  accBusyMs: number;
  accIdleMs: number;
  accBackPressuredMs: number;
  numRecordsIn: number;
  numRecordsOut: number;
  numBytesInLocal: number;
  numBytesInRemote: number;
  numBuffersInLocal: number;
  numBuffersInRemote: number;
  numBytesOut: number;
  numBuffersOut: number;
  // Instantaneous gauges.
  inPoolUsage: number;
  outPoolUsage: number;
  inputFloatingBuffersUsage: number;
  inputExclusiveBuffersUsage: number;
  inputQueueLength: number;
  outputQueueLength: number;
  isBackPressured: boolean;
  /** Longest single soft/hard stall in the last 5 s (ms). */
  maxSoftBackPressureTimeMs: number;
  maxHardBackPressureTimeMs: number;
  /** Event-time watermark; Long.MIN_VALUE semantics are the wire layer's job (null = none yet). */
  currentInputWatermark: EpochMs | null;
  /** Time-accounting gauges as a TaskManager computes them: last 5 s and last 60 s. */
  shares5s: SimTimeShares;
  shares60s: SimTimeShares;
  /** 60 s meters (per second). */
  numRecordsInPerSecond: number;
  numRecordsOutPerSecond: number;
  numBytesOutPerSecond: number;
}

export interface SimVertex {
  /** 32 lower-case hex chars, like a JobVertexID. */
  id: string;
  /** Chained operator names joined by ' -> ' (Flink's vertex name). */
  name: string;
  /** The chained operators, in chain order (for operator-scoped metric ids). */
  operators: string[];
  parallelism: number;
  maxParallelism: number;
  subtasks: SimSubtask[];
  isSource: boolean;
  isSink: boolean;
}

export interface SimEdge {
  source: string;
  target: string;
  shipStrategy: 'FORWARD' | 'HASH' | 'REBALANCE' | 'RESCALE' | 'BROADCAST';
}

export interface SimCheckpointVertexStats {
  vertexId: string;
  /** Max over subtasks (ms). */
  alignmentMs: number;
  startDelayMs: number;
  syncMs: number;
  asyncMs: number;
  stateSize: number;
  checkpointedSize: number;
  numSubtasks: number;
  numAcknowledged: number;
}

export interface SimCheckpoint {
  id: number;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  isSavepoint: boolean;
  triggerTs: EpochMs;
  latestAckTs: EpochMs;
  /** ms from trigger to completion (or to now while in progress / to failure). */
  endToEndMs: number;
  stateSize: number;
  checkpointedSize: number;
  processedData: number;
  persistedData: number;
  numSubtasks: number;
  numAcknowledged: number;
  failureTs: EpochMs | null;
  failureMessage: string | null;
  perVertex: SimCheckpointVertexStats[];
}

export interface SimCheckpointConfig {
  mode: 'exactly_once' | 'at_least_once';
  intervalMs: number;
  timeoutMs: number;
  minPauseMs: number;
  maxConcurrent: number;
  unaligned: boolean;
  tolerableFailures: number;
  stateBackend: string;
  checkpointStorage: string;
}

export interface SimException {
  ts: EpochMs;
  exceptionName: string;
  stacktrace: string;
  taskName: string | null;
  taskManagerId: string | null;
  endpoint: string | null;
}

export interface SimJob {
  jobId: string;
  name: string;
  state: SimJobState;
  startTime: EpochMs;
  endTime: EpochMs | null;
  /** Time the job entered each state (0 = never), like `timestamps` in JobDetailsInfo. */
  stateTimestamps: Partial<Record<SimJobState, EpochMs>>;
  vertices: SimVertex[];
  edges: SimEdge[];
  numRestarts: number;
  numRescales: number;
  checkpointConfig: SimCheckpointConfig;
  /** All checkpoints ever triggered, oldest first (the wire layer caps the history it shows). */
  checkpoints: SimCheckpoint[];
  restoredCheckpointId: number | null;
  exceptions: SimException[];
}

export interface SimGarbageCollector {
  /** JVM MXBean name with spaces, e.g. 'G1 Young Generation'; the wire layer sanitises it. */
  name: string;
  count: number;
  timeMs: number;
}

export interface SimTaskManager {
  id: string;
  host: string;
  dataPort: number;
  slots: number;
  heapUsed: number;
  heapCommitted: number;
  heapMax: number;
  nonHeapUsed: number;
  cpuLoad: number;
  garbageCollectors: SimGarbageCollector[];
  nettyTotalSegments: number;
  nettyAvailableSegments: number;
  lastHeartbeat: EpochMs;
}

/** Read-only view of a running simulated cluster at the model's current instant. */
export interface SimClusterView {
  readonly now: EpochMs;
  readonly jobs: readonly SimJob[];
  readonly taskManagers: readonly SimTaskManager[];
}

/** A running model. `advance` is synchronous and deterministic for a seed. */
export interface SimModel extends SimClusterView {
  readonly scenario: string;
  readonly seed: number;
  /** Advances simulated time by `ms` (internally in fixed sub-steps). */
  advance(ms: number): void;
  readonly groundTruth: GroundTruth;
}

// ---- Ground truth: what a scenario was designed to produce, for scoring the analysis ----

export type TruthEpisodeClass = 'sustained' | 'transient';
export type TruthCause =
  'overloaded-operator' | 'data-skew' | 'network' | 'gc' | 'checkpoint-alignment' | 'slow-sink' | 'restart-catch-up';

export interface TruthEpisode {
  jobId: string;
  /** A vertex that is backpressured (LOW or HIGH) during the episode. */
  vertexId: string;
  vertexName: string;
  /** Offsets from the scenario start (ms); tolerance is the scorer's business. */
  startOffsetMs: number;
  endOffsetMs: number;
  class: TruthEpisodeClass;
  /** True when this episode is one of a series at a regular period (e.g. every checkpoint). */
  recurring: boolean;
  /** The vertex causing it, or null when it has no single bottleneck (e.g. network). */
  bottleneckVertexId: string | null;
  /** Subtask indexes of the bottleneck that are the cause (all of them when not skew). */
  bottleneckSubtasks: number[];
  cause: TruthCause;
}

export interface TruthWindow {
  kind: 'gc' | 'checkpoint' | 'restart' | 'rescale';
  jobId: string | null;
  taskManagerId: string | null;
  startOffsetMs: number;
  endOffsetMs: number;
}

export interface GroundTruth {
  scenario: string;
  description: string;
  /** How long the story lasts (ms); the model keeps running steadily afterwards. */
  durationMs: number;
  /** Episodes the scenario was built to produce. Vertices not listed should stay OK. */
  episodes: TruthEpisode[];
  windows: TruthWindow[];
}
