// The comparison of two sessions: a stable JSON contract (`backflow compare --json`). Times are
// epoch ms, durations ms, ratios and shares 0..1, rates per second; unknown numbers are null.
// `version` grows only when a field changes meaning; fields may be added without it.

import type { Change } from './change';
import type { MatchedBy } from './match-vertices';

export const COMPARE_FORMAT = 'backflow-compare';
export const COMPARE_VERSION = 1;

export type AlignMode = 'start' | 'episode' | 'clock';

export interface CompareSessionDoc {
  /** The file as given on the command line (or a label). */
  file: string;
  start: number;
  end: number;
  durationMs: number;
  clusters: { url: string; flinkVersion: string | null }[];
}

export interface Alignment {
  mode: AlignMode;
  /** Add to a time of B to place it on A's axis. */
  offsetMs: number;
  /** The instants lined up (starts, the worst incidents' starts, or equal clocks). */
  anchorA: number;
  anchorB: number;
  /** Why the mode asked for could not be followed, if it could not. */
  note: string | null;
}

export type VertexRole = 'bottleneck' | 'backpressured' | null;

export type Verdict =
  'resolved' | 'new-bottleneck' | 'still-bottleneck' | 'better' | 'worse' | 'mixed' | 'unchanged' | 'unknown';

export interface VertexSide {
  vertexId: string;
  vertexName: string;
  parallelism: number;
  role: VertexRole;
  /** Time it was the bottleneck of an incident (counted once), 0 when never. */
  bottleneckMs: number;
  /** Why, in the words of `analyze` (`overloaded`, `GC pause`, …), when it was a bottleneck. */
  bottleneckCause: string | null;
  lowMs: number;
  highMs: number;
  samples: number;
  /** RATIO_SOURCES used; `accumulated*` ones are exact. */
  ratioSources: string[];
}

export interface VertexMeasureChanges {
  /** Share of samples at HIGH, at LOW. */
  highShare: Change;
  lowShare: Change;
  /** Backpressure ratio (max over subtasks) per sample, p50 and p95. */
  ratioP50: Change;
  ratioP95: Change;
  /** Busy fraction of the busiest subtask per sample, p50 and p95. */
  busyP50: Change;
  busyP95: Change;
  /** Records per second over the window, summed over subtasks (differenced counters, else meters). */
  recordsInPerSec: Change;
  recordsOutPerSec: Change;
  /** Mean over samples of the fullest subtask's pool usage. */
  outPoolUsage: Change;
  inPoolUsage: Change;
}

export interface VertexComparison {
  a: VertexSide;
  b: VertexSide;
  matchedBy: MatchedBy;
  verdict: Verdict;
  /** One line: `Window(…): no longer the bottleneck; busy 95 % → 40 %`. */
  text: string;
  measures: VertexMeasureChanges;
}

export interface UnmatchedVertexDoc {
  vertexId: string;
  vertexName: string;
  parallelism: number;
  /** The other session's vertices that run some of its operators (split or chained differently). */
  related: string[];
  text: string;
}

export interface JobSide {
  cluster: string;
  jobId: string;
  incidents: number;
  sustainedIncidents: number;
  /** Time with backpressure in the job, counted once. */
  backpressuredMs: number;
  checkpoints: number;
  gc: { taskManager: string; gcTimeMs: number; msPerMinute: number }[];
}

export interface JobComparison {
  name: string;
  a: JobSide;
  b: JobSide;
  /** One line per fact that changed, the bottleneck first; the job's headline first of all. */
  text: string[];
  backpressuredShare: Change;
  checkpointP50Ms: Change;
  checkpointP95Ms: Change;
  /** Failed checkpoints and restarts, as counts (judged as rates over each session's length). */
  checkpointFailures: Change;
  restarts: Change;
  /** GC ms per minute of the TaskManager that collected most. */
  gcWorstMsPerMinute: Change;
  vertices: VertexComparison[];
  unmatched: { a: UnmatchedVertexDoc[]; b: UnmatchedVertexDoc[] };
}

export interface UnmatchedJobDoc {
  cluster: string;
  jobId: string;
  name: string;
  text: string;
}

export interface CompareDocument {
  format: typeof COMPARE_FORMAT;
  version: typeof COMPARE_VERSION;
  a: CompareSessionDoc;
  b: CompareSessionDoc;
  alignment: Alignment;
  jobs: JobComparison[];
  unmatchedJobs: { a: UnmatchedJobDoc[]; b: UnmatchedJobDoc[] };
  /** The headline: one line per compared job, then what is unmatched. */
  summary: string[];
}
