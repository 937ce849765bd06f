// Records the session file adds to the domain model (shared/model.ts): what a file header holds,
// cluster-side aggregates, one tick's batch, annotations and the reader's summaries.

import type {
  Annotation,
  AnnotationSource,
  CheckpointEvent,
  ClusterId,
  GcWindow,
  JobEvent,
  SubtaskMetric,
  TaskManagerFrame,
  TickInfo,
  VertexFrame,
} from '../../shared/model';
import type { EpochMs, TimeRange } from '../../shared/time';
import type { EvidenceEntry, FlameGraph, ThreadDump } from '../../shared/evidence';
import type { SessionSource } from '../../shared/provenance';

export interface SessionHeader {
  /** Schema version of the file (= number of applied migrations). */
  formatVersion: number;
  appVersion: string;
  createdTs: EpochMs;
  hostName: string;
}

/**
 * One metric of one vertex at one tick as the cluster aggregated it over subtasks
 * (`/jobs/:job/vertices/:vertex/subtasks/metrics?agg=min,max,avg,sum,skew`). NaN = not reported.
 */
export interface VertexAggregate {
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  ts: EpochMs;
  metric: SubtaskMetric;
  min: number;
  max: number;
  avg: number;
  sum: number;
  skew: number;
}

/** Everything one poll of one cluster produced; written in a single transaction. */
export interface TickBatch {
  tick: TickInfo;
  vertexFrames?: VertexFrame[];
  vertexAggregates?: VertexAggregate[];
  taskManagerFrames?: TaskManagerFrame[];
  /** Upserted by (cluster, job, id): an in-progress checkpoint later completes or fails. */
  checkpoints?: CheckpointEvent[];
  /** Raw windows since the previous poll, per collector (or of the sum, collector null). */
  gcWindows?: GcWindow[];
  events?: JobEvent[];
  /** Flame graphs and thread dumps captured in this tick (format 5+; older files drop them). */
  evidence?: NewEvidence[];
}

/** Evidence as the recorder hands it over: `data` is stored deflated (null: nothing captured). */
export interface NewEvidence extends Omit<EvidenceEntry, 'id' | 'bytes'> {
  data: FlameGraph | ThreadDump | null;
}

/** Which TaskManager ran each subtask of a vertex, from `ts` until the next placement. */
export interface Placement {
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  ts: EpochMs;
  taskManagers: string[];
}

/** One bucket of a zoomed-out view: min/max/mean over all subtasks and ticks inside it. */
export interface RollupBucket {
  from: EpochMs;
  /** Exclusive end of the bucket (the last bucket ends at range.to + 1). */
  to: EpochMs;
  min: number;
  max: number;
  mean: number;
  /** Ticks with at least one reported value; 0 = empty bucket (min/max/mean are NaN). */
  ticks: number;
}

export type NewAnnotation = Omit<Annotation, 'id' | 'createdTs' | 'updatedTs' | 'source' | 'autoKey'> & {
  source?: AnnotationSource;
  autoKey?: string | null;
};

export type AnnotationPatch = Partial<Pick<Annotation, 'start' | 'end' | 'text' | 'tag' | 'vertexId' | 'pinned'>>;

export interface TickGap {
  clusterId: ClusterId;
  from: EpochMs;
  to: EpochMs;
  /** 'interval': no tick for more than 2× the resolution; 'error': the poll failed. */
  reason: 'interval' | 'error';
}

export interface ClusterSummary {
  clusterId: ClusterId;
  url: string;
  flinkVersion: string | null;
  ticks: number;
  errors: number;
  /** Ticks recorded with something missing (a vertex, an endpoint, the budget's leftovers). */
  partial: number;
  /** Endpoints that failed or were not asked, most frequent first (format 4+; older files: none). */
  problems: EndpointProblem[];
  /** Median interval between this cluster's ticks; null with fewer than 2 ticks. */
  resolutionMs: number | null;
  gaps: TickGap[];
}

export interface EndpointProblem {
  endpoint: string;
  kind: string;
  /** Requests that failed this way, and in how many ticks. */
  count: number;
  ticks: number;
}

export interface SessionInfo {
  header: SessionHeader;
  /** Where an imported session's data came from; null for a REST recording. */
  source: SessionSource | null;
  clusters: ClusterSummary[];
  jobs: Array<{ clusterId: ClusterId; jobId: string; name: string; vertices: number }>;
  timeRange: TimeRange | null;
  ticks: number;
  errors: number;
  partial: number;
  /** Median over all clusters' tick intervals. */
  resolutionMs: number | null;
  gaps: TickGap[];
  /** Main file plus write-ahead log. */
  fileBytes: number;
}

export type { Annotation, AnnotationSource };
