// The analysis result: a stable JSON contract (`backflow analyze --json`). Times are epoch ms,
// durations ms, ratios 0..1. Unknown numbers are null, never NaN. Fields may be added, the
// original ones are never renamed or retyped.

import type { EpisodeEvidenceDoc } from './evidence';
import type { CheckpointStatus } from '../model';

export type EpisodeClass = 'transient' | 'sustained';
export type Overlap = 'checkpoint' | 'gc' | 'restart' | 'rescale';
export type SubtaskScope = 'one' | 'some' | 'all';

export type HintKind =
  | 'overloaded'
  | 'skew'
  | 'network'
  | 'credit-roundtrip'
  | 'input-channels'
  | 'gc'
  | 'checkpoint-alignment'
  | 'buffer-fill'
  | 'inpool-caveat'
  | 'catch-up'
  // Read from the bottleneck's captured flame graphs and thread dumps (additions; see evidence-hints.ts).
  | 'stack-external'
  | 'stack-network-buffers'
  | 'stack-rocksdb'
  | 'stack-lock'
  | 'stack-gc'
  | 'stack-serialization'
  | 'stack-user-wait'
  | 'stack-user-cpu'
  | 'stack-inconclusive';

export type EvidenceValue = number | string | boolean | null | number[] | string[];

export interface Hint {
  kind: HintKind;
  text: string;
  /** The metric values the hint rests on (for `stack-*` hints: the frames and their share of the samples). */
  evidence: Record<string, EvidenceValue>;
  // Additions beyond the original contract.
  /**
   * Share (0..1) of the episode's backpressured time the hinted cause covers: the alignment or GC
   * windows, the bottleneck's busy time, the sender's full output pool, the catch-up after a
   * restart. An episode's hints are ordered by it; tuning remarks and caveats explain 0.
   */
  explains: number;
}

/**
 * Why the vertex is the bottleneck: busy and not backpressured; input pool full and output pool
 * not (busy not reported, ≤ 1.12); or, with nothing busy after the backpressured vertices, a GC
 * pause on its TaskManager or barrier alignment at a checkpoint.
 */
export type BottleneckRule = 'busy' | 'input-buffers' | 'gc' | 'checkpoint-alignment';

export interface EpisodeBottleneck {
  vertexId: string;
  vertexName: string;
  /** Subtask indices the rule points at (busy ones; full inputs; on the collecting TaskManager; all). */
  subtasks: number[];
  // Additions beyond the original contract.
  rule: BottleneckRule;
  /** One sentence saying what the rule rests on. */
  reason: string;
  evidence: Record<string, EvidenceValue>;
}

export interface Ambiguity {
  reason: 'multiple-candidates' | 'missing-data' | 'no-busy-downstream' | 'no-downstream';
  text: string;
  /** Vertex ids involved (candidates, vertices without data, or idle receivers). */
  vertices: string[];
}

export interface EpisodeDoc {
  cluster: string;
  jobId: string;
  jobName: string;
  vertexId: string;
  vertexName: string;
  start: number;
  end: number;
  durationMs: number;
  peakLevel: 'LOW' | 'HIGH';
  class: EpisodeClass;
  subtasks: { affected: number; total: number };
  overlaps: Overlap[];
  bottleneck: EpisodeBottleneck | null;
  hints: Hint[];
  // Additions beyond the original contract.
  clusterId: number;
  /** 1-based position in the ranking (sustained first, then by impact). */
  rank: number;
  /** Duration minus the smoothing of a 60 s gauge (what classification uses). */
  effectiveDurationMs: number;
  meanRatio: number | null;
  dutyCycle: number | null;
  scope: SubtaskScope;
  affectedSubtasks: number[];
  ratioSource: string;
  ratioSources: string[];
  /** Time resolution of the measurement: sample interval, or the gauge's window if longer. */
  resolutionMs: number;
  recurring: boolean;
  periodMs: number | null;
  /** Every recurrence overlapped a checkpoint. */
  recurringWith: 'checkpoint' | null;
  checkpoints: { id: number; alignmentMs: number | null }[];
  gc: { taskManager: string; gcTimeMs: number }[];
  /** Starts within the catch-up window after a restart or rescale. */
  catchUp: boolean;
  parallelism: { min: number; max: number };
  throughputRecordsPerSec: number | null;
  /** durationSec × records/s when throughput is known, else durationSec × affected share. */
  impact: number;
  impactBasis: 'records' | 'subtasks';
  ambiguity: Ambiguity | null;
  /** Flame graphs and thread dumps captured for it while recording (set by attachEvidence). */
  evidence?: EpisodeEvidenceDoc[];
}

export interface CheckpointWindowDoc {
  cluster: string;
  jobId: string;
  id: number;
  start: number;
  end: number;
  status: CheckpointStatus;
  clusterId: number;
  isSavepoint: boolean;
  alignmentMs: number | null;
}

/**
 * One GC window: a period in which a TaskManager's collectors ran for a significant share of the
 * time, however many polls it spanned (a pause sliced by the polls is one window; minor
 * collections in the background are none). gcTimeMs/gcCount are the TaskManager's totals in it.
 */
/** A job restart seen by the recorder (numRestarts grew), with the exception that explains it. */
export interface RestartDoc {
  cluster: string;
  clusterId: number;
  jobId: string;
  ts: number;
  numRestarts: number;
  /** The latest exception recorded up to a minute before the restart was seen, if any. */
  cause: { exceptionName: string; message: string; taskName: string | null } | null;
}

export interface GcWindowDoc {
  cluster: string;
  taskManager: string;
  start: number;
  end: number;
  gcTimeMs: number;
  clusterId: number;
  /** Collections in the window, over all collectors. */
  gcCount: number;
  /** The collector that ran longest ("G1 Old Generation"); null when the session has only the sum. */
  collector: string | null;
  /** At least 1 s of GC, or 10 % of the window's wall time. */
  significant: boolean;
}

/** One vertex's part in an incident: its episode. */
export type IncidentVertex = Pick<
  EpisodeDoc,
  'vertexId' | 'vertexName' | 'start' | 'end' | 'durationMs' | 'peakLevel' | 'class'
> & {
  /** The episode's rank in `episodes`. */
  episode: number;
};

/**
 * One incident: the per-vertex episodes that share a bottleneck (or, without one, the same
 * unexplained stall) and overlap in time. Backpressure spreads upstream from a bottleneck, so one
 * slow operator shows as an episode on every vertex before it; the incident counts its time once.
 */
export interface IncidentDoc {
  /** 1-based position in the ranking (sustained first, then by impact). */
  rank: number;
  cluster: string;
  clusterId: number;
  jobId: string;
  jobName: string;
  start: number;
  end: number;
  /** Time at least one of its vertices was in an episode, counted once. */
  durationMs: number;
  peakLevel: 'LOW' | 'HIGH';
  /** Sustained when any of its episodes is. */
  class: EpisodeClass;
  /** Its vertices' episodes, in the job's order (sources first). */
  vertices: IncidentVertex[];
  /** Ranks of its episodes in `episodes`, lead first. */
  episodes: number[];
  /** The lead episode's (the best-ranked one). */
  bottleneck: EpisodeBottleneck | null;
  ambiguity: Ambiguity | null;
  /** Its episodes' hints, one per cause (the one explaining most), ranked by `explains`. */
  hints: Hint[];
  /** Every overlap of its episodes. */
  overlaps: Overlap[];
  /** The overlaps that explain part of it (`explains` of their hint ≥ MATERIAL_SHARE); restarts and rescales always. */
  materialOverlaps: Overlap[];
  /** Every episode recurs (e.g. with each checkpoint). */
  recurring: boolean;
  /** The largest impact of its episodes (records through the most affected vertex; see EpisodeDoc). */
  impact: number;
  impactBasis: 'records' | 'subtasks';
  throughputRecordsPerSec: number | null;
  /** Where to look: its lead episode's worst sample while all its vertices were backpressured (else its lead's worst). */
  focusAt: number;
}

export interface AnalysisSummary {
  episodes: number;
  sustained: number;
  transient: number;
  recurring: number;
  /** Sum of episode durations (one incident's time counted once per vertex; see incidentMs). */
  backpressuredMs: number;
  /** Bottleneck vertices by how much time they explain, counted once (`episodes` counts their episodes). */
  bottlenecks: {
    cluster: string;
    jobId: string;
    vertexId: string;
    vertexName: string;
    episodes: number;
    durationMs: number;
    /** Incidents it is the bottleneck of. */
    incidents: number;
  }[];
  // Additions beyond the original contract.
  incidents: number;
  sustainedIncidents: number;
  transientIncidents: number;
  /** Time with backpressure anywhere in a job, counted once (summed over jobs). */
  incidentMs: number;
}

export interface AnalysisDocument {
  session: {
    start: number;
    end: number;
    clusters: { url: string; flinkVersion: string | null; id: number }[];
  };
  /** Ranked: sustained first, then by impact. */
  episodes: EpisodeDoc[];
  /** The episodes grouped into incidents (an addition beside them), ranked the same way. */
  incidents: IncidentDoc[];
  windows: {
    checkpoints: CheckpointWindowDoc[];
    gc: GcWindowDoc[];
    restarts: RestartDoc[];
  };
  options: { sustainedAfterMs: number; mergeGapMs: number | null; from: number | null; to: number | null };
  summary: AnalysisSummary;
}
