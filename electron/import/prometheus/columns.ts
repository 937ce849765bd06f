// One vertex's task-scope samples over a slice of the grid, held column by column in typed arrays
// (one cell per instant × subtask and REST metric id) rather than an object per sample, then read
// back one instant at a time as the frames the REST recorder writes: a large import holds millions
// of values per slice, and frames built all at once would double them.

import type { ClusterId, SubtaskMetric, VertexFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { resolveSubtaskMetrics } from '../../flink/metric-names';
import { pointsIn, type QueryRange } from '../../prometheus/range';
import type { SeriesSink } from '../../prometheus/matrix';
import { TASK_FAMILIES } from './families';

interface Column {
  values: Float64Array;
  /** The task attempt each cell's value came from; -1 = no sample. */
  attempt: Int16Array;
}

const column = (cells: number): Column => ({
  values: new Float64Array(cells),
  attempt: new Int16Array(cells).fill(-1),
});

export class VertexColumns {
  private readonly points: number;
  private width: number;
  private readonly columns = new Map<string, Column>();
  /** Per cell, the index in `tmIds` of the TaskManager the newest attempt ran on. */
  private placement: Column;
  private readonly tmIds: string[] = [];
  private readonly tmIndex = new Map<string, number>();
  private used: Array<[SubtaskMetric, Column]> | null = null;
  /** The placement written last (kept across slices, as the recorder writes it only when it changes). */
  lastPlacement = '';
  name: string | undefined;

  constructor(
    readonly grid: QueryRange,
    parallelism: number,
  ) {
    this.points = pointsIn(grid);
    this.width = Math.max(1, parallelism);
    this.placement = column(this.points * this.width);
  }

  /** Where a series of this vertex's answers goes (null: not a task metric the recorder reads). */
  readonly sink: SeriesSink = (labels) => {
    const id = TASK_FAMILIES.get(labels.__name__ ?? '');
    const subtask = Number(labels.subtask_index);
    if (id === undefined || !Number.isInteger(subtask) || subtask < 0) return null;
    this.name ??= labels.task_name;
    if (subtask >= this.width) this.widen(subtask + 1);
    const attempt = Math.min(32_767, Number(labels.task_attempt_num ?? 0) || 0);
    const tm = this.tmRef(labels.tm_id ?? '');
    let col = this.columns.get(id);
    if (!col) this.columns.set(id, (col = column(this.points * this.width)));
    this.used = null;
    const { start, stepMs } = this.grid;
    return (t, v) => {
      const i = Math.round((t - start) / stepMs);
      if (i < 0 || i >= this.points) return;
      const cell = i * this.width + subtask;
      // Newest attempt first: after a restart the old attempt's series may still show within the lookback.
      if (col.attempt[cell]! >= attempt) return;
      col.values[cell] = v;
      col.attempt[cell] = attempt;
      if (this.placement.attempt[cell]! < attempt) {
        this.placement.values[cell] = tm;
        this.placement.attempt[cell] = attempt;
      }
    };
  };

  /** The frame at grid instant `i`, or null when the store has no sample of this vertex there. */
  frameAt(i: number, clusterId: ClusterId, jobId: string, vertexId: string): VertexFrame | null {
    const used = this.resolved();
    const row = i * this.width;
    let n = 0;
    for (const [, col] of used)
      for (let s = this.width - 1; s >= n; s--)
        if (col.attempt[row + s]! >= 0) {
          n = s + 1;
          break;
        }
    if (n === 0) return null;
    const subtasks: Partial<Record<SubtaskMetric, Float64Array>> = {};
    for (const [key, col] of used) {
      let out: Float64Array | undefined;
      for (let s = 0; s < n; s++) {
        if (col.attempt[row + s]! < 0) continue;
        out ??= new Float64Array(n).fill(Number.NaN);
        out[s] = col.values[row + s]!;
      }
      if (out) subtasks[key] = out;
    }
    const taskManagers = Array.from({ length: n }, (_, s) =>
      this.placement.attempt[row + s]! >= 0 ? this.tmIds[this.placement.values[row + s]!]! : '',
    );
    const frame: VertexFrame = {
      clusterId,
      jobId,
      vertexId,
      ts: epochMs(this.grid.start + i * this.grid.stepMs),
      parallelism: n,
      subtasks,
    };
    const placement = JSON.stringify(taskManagers);
    if (placement !== this.lastPlacement) frame.taskManagers = taskManagers;
    this.lastPlacement = placement;
    return frame;
  }

  /** Each canonical metric from its best id present, as a REST recording resolves it. */
  private resolved(): Array<[SubtaskMetric, Column]> {
    if (this.used) return this.used;
    const { ids } = resolveSubtaskMetrics(this.columns.keys());
    return (this.used = (Object.entries(ids) as Array<[SubtaskMetric, string]>).map(([key, id]) => [
      key,
      this.columns.get(id)!,
    ]));
  }

  private tmRef(tmId: string): number {
    let k = this.tmIndex.get(tmId);
    if (k === undefined) {
      k = this.tmIds.push(tmId) - 1;
      this.tmIndex.set(tmId, k);
    }
    return k;
  }

  /** More subtasks than discovered (a rescale inside the window): every column gets wider. */
  private widen(width: number): void {
    const copy = (c: Column): Column => {
      const out = column(this.points * width);
      for (let i = 0; i < this.points; i++) {
        out.values.set(c.values.subarray(i * this.width, (i + 1) * this.width), i * width);
        out.attempt.set(c.attempt.subarray(i * this.width, (i + 1) * this.width), i * width);
      }
      return out;
    };
    for (const [id, c] of this.columns) this.columns.set(id, copy(c));
    this.placement = copy(this.placement);
    this.width = width;
    this.used = null;
  }
}
