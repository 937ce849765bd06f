// What the analysis reads: exactly the session reader's model types, nothing else.

import type {
  CheckpointEvent,
  ClusterInfo,
  EdgeInfo,
  GcWindow,
  JobEvent,
  JobInfo,
  SubtaskPlacement,
  TaskManagerFrame,
  TickInfo,
  VertexFrame,
  VertexInfo,
} from '../model';
import type { CapturedEvidence } from './evidence-hints';

export interface AnalysisInput {
  clusters: ClusterInfo[];
  jobs: JobInfo[];
  vertices: VertexInfo[];
  edges: EdgeInfo[];
  ticks: TickInfo[];
  /** Any order across vertices; sorted by ts per vertex (re-sorted defensively). */
  frames: VertexFrame[];
  /** Subtask → TaskManager over time; frames' own `taskManagers` are merged in. */
  placements: SubtaskPlacement[];
  taskManagerFrames: TaskManagerFrame[];
  checkpoints: CheckpointEvent[];
  gcWindows: GcWindow[];
  events: JobEvent[];
  /**
   * Flame graphs and thread dumps captured while recording, with their content (optional: without
   * it, or empty, the document is the same as before evidence existed). Stack hints read it.
   */
  evidence?: CapturedEvidence[];
}

/** Thrown for input the analysis cannot read honestly; the message names the offending item. */
export class AnalysisInputError extends Error {
  override name = 'AnalysisInputError';
}
