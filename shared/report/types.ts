// The incident report as data: everything a writer (HTML, Markdown, PDF, the app's preview)
// needs, already selected and ordered. Times are epoch ms (UTC), durations ms, ratios 0..1.
// Strings from the cluster or the user are kept verbatim here; every writer escapes them.

import type { Ambiguity, EpisodeBottleneck, EpisodeClass, EpisodeDoc, Hint, Overlap } from '../analysis/document';
import type { CheckpointStatus, Level } from '../model';
import type { EvidenceRow } from './evidence';
import type { SessionSource } from '../provenance';
import type { IncidentStacks } from './stacks';

export type { EvidenceRow } from './evidence';

/** The part of the session file's summary (`SessionReader.info()`) a report shows. */
export interface ReportSessionSummary {
  clusters: Array<{
    clusterId: number;
    url: string;
    flinkVersion: string | null;
    ticks: number;
    errors: number;
    resolutionMs: number | null;
  }>;
  jobs: Array<{ clusterId: number; jobId: string; name: string; vertices: number }>;
  resolutionMs: number | null;
  gaps: Array<{ clusterId: number; from: number; to: number; reason: 'interval' | 'error' }>;
  /** Where an imported session came from; null or absent for a REST recording. */
  source?: SessionSource | null;
}

/** The part of a session annotation a report shows. */
export interface ReportAnnotationInput {
  id: number;
  source: 'user' | 'auto';
  start: number;
  end: number | null;
  text: string;
  tag: string | null;
  clusterId: number | null;
  jobId: string | null;
  vertexId: string | null;
  pinned: boolean;
}

export interface ReportAnnotation {
  id: number;
  source: 'user' | 'auto';
  start: number;
  end: number | null;
  text: string;
  tag: string | null;
  /** "job / vertex" the annotation is attached to, or null. */
  subject: string | null;
}

/** Colour class of a timeline item; writers map it to a palette. */
export type Tone =
  | 'ok'
  | 'low'
  | 'high'
  | 'gap'
  | 'completed'
  | 'failed'
  | 'in-progress'
  | 'gc'
  | 'gc-significant'
  | 'sustained'
  | 'transient'
  | 'annotation'
  | 'auto-annotation'
  | 'no-data';

export interface LaneItem {
  from: number;
  /** Equal to `from` for a point (drawn as a marker). */
  to: number;
  tone: Tone;
  /** Short description shown on hover (SVG title) and in text output. */
  label: string;
}

export type LaneKind = 'vertex' | 'checkpoints' | 'gc' | 'episodes' | 'annotations' | 'gaps';

export interface Lane {
  kind: LaneKind;
  label: string;
  /** Job the lane belongs to (vertex lanes), for grouping. */
  group: string | null;
  items: LaneItem[];
}

export interface Timeline {
  from: number;
  to: number;
  lanes: Lane[];
}

export interface ChartSeries {
  label: string;
  /** 'ratio' = backpressure of one of the incident's vertices; 'busy' = busy fraction of its bottleneck. */
  tone: 'ratio' | 'busy';
  /** [ts, value]; NaN value = no data (the line breaks). */
  points: Array<[number, number]>;
}

export interface LineChart {
  title: string;
  from: number;
  to: number;
  series: ChartSeries[];
  /** The incident, shaded. */
  highlight: { from: number; to: number };
  /** Horizontal guide lines (Flink's OK/LOW and LOW/HIGH thresholds). */
  thresholds: number[];
}

export interface GraphNode {
  vertexId: string;
  name: string;
  parallelism: number;
  /** Level at the instant; null when the vertex had no data then. */
  level: Level | null;
  /** Backpressured (max over subtasks). */
  ratio: number | null;
  /** Busy (max over subtasks), which subtask that is, and whether only some subtasks are busy. */
  busyMax: number | null;
  busiestSubtask: number | null;
  busySpread: 'skew' | 'overloaded' | null;
  /** 'episode': one of the incident's backpressured vertices. */
  role: 'episode' | 'bottleneck' | null;
}

export interface GraphEdge {
  source: string;
  target: string;
  shipStrategy: string;
}

export interface JobGraphSnapshot {
  ts: number;
  jobName: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One of an incident's vertices and its own episode. */
export type IncidentVertexRow = Pick<
  EpisodeDoc,
  'vertexName' | 'start' | 'end' | 'durationMs' | 'peakLevel' | 'class' | 'subtasks'
>;

/** One incident: the episodes that share a bottleneck and overlap in time, its time counted once. */
export interface IncidentSection {
  rank: number;
  /** Anchor of its section. */
  sectionId: string;
  class: EpisodeClass;
  peakLevel: 'LOW' | 'HIGH';
  cluster: string;
  jobName: string;
  /** The incident in one line (who, why, where, when, how long). */
  headline: string;
  /** Its cause in a few words. */
  cause: string;
  start: number;
  end: number;
  durationMs: number;
  vertices: IncidentVertexRow[];
  /** As the analysis explained it: the rule that chose it, its one-sentence reason and evidence. */
  bottleneck: Pick<EpisodeBottleneck, 'vertexName' | 'subtasks' | 'rule' | 'reason' | 'evidence'> | null;
  ambiguity: Ambiguity | null;
  /** Causes in words, most explaining first (their raw values are in `evidence`). */
  hints: Hint[];
  /** The raw values behind the bottleneck and the hints, one row each. */
  evidence: EvidenceRow[];
  /** Only the overlaps that explain part of it (a checkpoint's alignment, a GC pause, a restart). */
  overlaps: Overlap[];
  recurring: boolean;
  /** Records that passed its most affected vertex while backpressured; null when throughput is unknown. */
  impact: { records: number; recordsPerSec: number | null } | null;
  chart: LineChart;
  graph: JobGraphSnapshot | null;
  /** The bottleneck's captured flame graphs and thread dumps (an addition); null when none were captured. */
  stacks?: IncidentStacks | null;
}

export interface CheckpointRow {
  cluster: string;
  jobName: string;
  id: number;
  status: CheckpointStatus;
  isSavepoint: boolean;
  start: number;
  end: number;
  durationMs: number;
  alignmentMs: number | null;
  /** Why it stands out (failed, slow, long alignment); empty for an ordinary checkpoint. */
  outlier: string[];
}

/** The ordinary checkpoints in numbers. */
export interface CheckpointSummary {
  count: number;
  medianDurationMs: number;
  maxDurationMs: number;
  maxAlignmentMs: number | null;
}

export interface GcRow {
  cluster: string;
  taskManager: string;
  start: number;
  end: number;
  gcTimeMs: number;
  gcCount: number;
  /** The collector that ran longest in the window ("G1 Old Generation"); null when unknown. */
  collector: string | null;
}

/** What a report shows beyond the findings of sustained episodes (the export dialog's switches). */
export interface ReportInclude {
  /** Transient episodes as findings, sections and on the timeline. */
  transientEpisodes: boolean;
  /** User and pinned annotations: their lane and their section. */
  annotations: boolean;
  /** The checkpoint table (the timeline's checkpoint lane stays). */
  checkpointTable: boolean;
  /** The GC table (the timeline's GC lane stays). */
  gcTable: boolean;
}

export const FULL_REPORT: ReportInclude = {
  transientEpisodes: true,
  annotations: true,
  checkpointTable: true,
  gcTable: true,
};

export interface ReportModel {
  title: string;
  /** Which optional parts the writers show; a part left out gets no section at all. */
  include: ReportInclude;
  generatedAt: number;
  range: { from: number; to: number };
  /** Where the data came from when imported (describeSource), shown in the header; null for a REST recording. */
  source?: string | null;
  clusters: Array<{
    id: number;
    url: string;
    flinkVersion: string | null;
    resolutionMs: number | null;
    ticks: number;
    errors: number;
  }>;
  jobs: Array<{ cluster: string; jobId: string; name: string; vertices: number }>;
  /** Median tick interval over all clusters. */
  resolutionMs: number | null;
  /** Data gaps (missed or failed polls) inside the range. */
  gaps: Array<{ cluster: string; from: number; to: number; reason: 'interval' | 'error' }>;
  sustainedAfterMs: number;
  summary: {
    incidents: number;
    sustained: number;
    transient: number;
    /** Per-vertex episodes the incidents group. */
    episodes: number;
    /** Time with backpressure anywhere, counted once. */
    backpressuredMs: number;
    /** Records delayed over the incidents shown (where throughput is known). */
    recordsDelayed: number | null;
    bottlenecks: Array<{ vertexName: string; jobName: string; incidents: number; durationMs: number }>;
  };
  /** The user's own notes, in time order: shown right after the summary. */
  notes: ReportAnnotation[];
  /** Automatic findings the user pinned, in time order: shown after the incidents. */
  pinned: ReportAnnotation[];
  /** Sustained incidents first, then the most important transients. */
  incidents: IncidentSection[];
  /** Incidents not shown as sections. */
  otherIncidents: number;
  timeline: Timeline;
  /** Every checkpoint in range (up to a limit), outliers marked. */
  checkpoints: CheckpointRow[];
  checkpointsOmitted: number;
  /** The checkpoints that are not outliers, in numbers; null when none. */
  ordinaryCheckpoints: CheckpointSummary | null;
  /** GC windows: periods in which a TaskManager's collectors ran significantly (background GC is none). */
  gc: GcRow[];
}
