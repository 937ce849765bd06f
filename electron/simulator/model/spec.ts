// What a scenario hands the model: the cluster, the job graph with physical parameters, and a
// script of timed events. All times are offsets (ms) from the simulation start.

export type ModelShipStrategy = 'FORWARD' | 'HASH' | 'REBALANCE';

export interface VertexSpec {
  /** Scenario-local key; the vertex id is derived from it. */
  key: string;
  /** Chained operators in chain order; the vertex name is them joined by ' -> '. */
  operators: string[];
  parallelism: number;
  maxParallelism: number;
  /** Records per second one subtask can process (sources: the fastest it can read). */
  capacity: number;
  /** Output records per input record (0 for sinks). */
  selectivity: number;
  /** Serialised size of one output record (bytes); sets records per network buffer. */
  recordBytes: number;
  /** Sources only: records per second arriving in the external system per subtask. */
  sourceRate?: number;
  /** Legacy SourceFunction: Flink reports its busy time as NaN. */
  legacySource?: boolean;
  /** Keyed/operator state per subtask at the start (bytes); 0 for stateless vertices. */
  stateBytes?: number;
}

export interface EdgeSpec {
  from: string;
  to: string;
  ship: ModelShipStrategy;
}

/** A vertex (or some of its subtasks) gets slower: capacity × factor. */
export interface SlowdownEvent {
  vertex: string;
  subtasks?: number[];
  fromMs: number;
  toMs: number;
  factor: number;
}

/** A hot key: the HASH edge into `vertex` sends `share` of all records to `hotSubtask`. */
export interface SkewEvent {
  vertex: string;
  hotSubtask: number;
  share: number;
  fromMs: number;
  toMs: number;
}

/** Checkpoints triggered in [fromMs, toMs) spend minMs..maxMs aligning barriers at `vertex`. */
export interface AlignmentEvent {
  vertex: string;
  fromMs: number;
  toMs: number;
  minMs: number;
  maxMs: number;
}

/** A task fails; the job restarts after `downMs` (fixed-delay restart strategy). */
export interface RestartEvent {
  atMs: number;
  downMs: number;
  vertex: string;
  subtask: number;
  exceptionName: string;
  message: string;
}

/** The adaptive scheduler changes one vertex's parallelism (the job redeploys for `downMs`). */
export interface RescaleEvent {
  atMs: number;
  downMs: number;
  vertex: string;
  parallelism: number;
}

/** The credit round trip on remote channels into `vertex` becomes slow (a congested link). */
export interface NetworkEvent {
  vertex: string;
  fromMs: number;
  toMs: number;
  rttMs: number;
}

export interface JobSpec {
  key: string;
  name: string;
  vertices: VertexSpec[];
  edges: EdgeSpec[];
  checkpointIntervalMs: number;
  /** Probability that one checkpoint fails in its async phase (seeded per checkpoint id). */
  checkpointFailureRate: number;
  slowdowns?: SlowdownEvent[];
  skews?: SkewEvent[];
  alignments?: AlignmentEvent[];
  restarts?: RestartEvent[];
  rescales?: RescaleEvent[];
  network?: NetworkEvent[];
}

/** A stop-the-world old-generation collection on one TaskManager. */
export interface GcPauseEvent {
  taskManager: number;
  atMs: number;
  durationMs: number;
}

export interface ClusterSpec {
  scenario: string;
  taskManagers: number;
  slotsPerTaskManager: number;
  /** Fixed sub-step of `advance` (ms). */
  stepMs: number;
  jobs: JobSpec[];
  gcPauses?: GcPauseEvent[];
}
