// Evidence captured while recording: what the bottleneck was doing (flame graphs, thread dumps),
// as stored in the session and listed by `info` and `analyze --json`. Names are plain text
// (frames and thread names may contain `<`, `&`, …): whoever shows them escapes them.

/** One frame of an aggregated stack tree: `class.method:line`, its samples and callees. */
export interface FlameNode {
  name: string;
  value: number;
  children: FlameNode[];
}

export type FlameGraphType = 'FULL' | 'ON_CPU' | 'OFF_CPU';

export interface FlameGraph {
  /** When the sampling ended (the JobManager's clock). */
  endTimestamp: number;
  root: FlameNode;
  /** Nodes kept; what a cap cut away is counted in `cut` (null when nothing was). */
  nodes: number;
  cut: { nodes: number; samples: number } | null;
}

export type JvmThreadState = 'NEW' | 'RUNNABLE' | 'BLOCKED' | 'WAITING' | 'TIMED_WAITING' | 'TERMINATED' | null;

export interface DumpedThread {
  name: string;
  /** Parsed from the first line of `text`; null when it names none. */
  state: JvmThreadState;
  /** Flink's stringifiedThreadInfo: the header line and the (cut) stack. */
  text: string;
}

export interface ThreadDump {
  threads: DumpedThread[];
  /** Threads or text left out by the caps (null when nothing was). */
  cut: { threads: number; chars: number } | null;
}

export type EvidenceKind = 'flamegraph' | 'thread-dump';

/** captured: the blob holds it; the others say why not in `note`. */
export type EvidenceStatus = 'captured' | 'not-available' | 'failed' | 'incomplete';

/** One stored piece of evidence, without its blob. */
export interface EvidenceEntry {
  id: number;
  clusterId: number;
  /** The tick it was captured in. */
  ts: number;
  jobId: string | null;
  vertexId: string | null;
  /** Subtask indexes sampled; null = the whole vertex. */
  subtasks: number[] | null;
  taskManagerId: string | null;
  kind: EvidenceKind;
  /** The flame graph's type; null for thread dumps. */
  type: FlameGraphType | null;
  status: EvidenceStatus;
  note: string | null;
  /** Compressed size of the blob (0 without one). */
  bytes: number;
}
