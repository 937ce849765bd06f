// Range-query answers of one vertex (or of the TaskManagers) turned into the frames the REST
// recorder writes: per grid instant, one value per subtask and canonical metric, NaN where the
// store has none. An instant without any value is no frame at all: a gap in the session, as a
// scrape failure is a gap in the store.

import type { ClusterId, SubtaskMetric, TaskManagerFrame, VertexFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import type { GcSample } from '../../../shared/analysis/gc';
import {
  combineTaskManagerValues,
  gcCollectorValues,
  resolveSubtaskMetrics,
  resolveTaskManagerMetrics,
} from '../../flink/metric-names';
import { prometheusName, SCOPE } from '../../prometheus/flink-names';
import { pointsIn, type QueryRange, type RangeSeries } from '../../prometheus/range';
import { TASK_FAMILIES, taskManagerRestId } from './families';

/** Grid index of each sample of a series (all queries of an import share the grid). */
function gridValues(s: RangeSeries, grid: QueryRange): Map<number, number> {
  const out = new Map<number, number>();
  s.timestamps.forEach((t, i) => out.set(Math.round((t - grid.start) / grid.stepMs), s.values[i]!));
  return out;
}

interface SubtaskSeries {
  family: string;
  subtask: number;
  attempt: number;
  tmId: string;
  values: Map<number, number>;
}

export interface ImportedVertex {
  /** `task_name` as the store holds it (the reporter may have replaced characters). */
  name: string;
  /** Highest subtask count seen in the window. */
  parallelism: number;
  frames: VertexFrame[];
}

/** A vertex's frames from the answers to its `vertexSelector` over `grid`; null when it has no series. */
export function vertexFrames(
  clusterId: ClusterId,
  jobId: string,
  vertexId: string,
  series: readonly RangeSeries[],
  grid: QueryRange,
): ImportedVertex | null {
  const parsed: SubtaskSeries[] = [];
  for (const s of series) {
    const family = s.labels.__name__ ?? '';
    const subtask = Number(s.labels.subtask_index);
    if (!TASK_FAMILIES.has(family) || !Number.isInteger(subtask) || subtask < 0) continue;
    parsed.push({
      family,
      subtask,
      attempt: Number(s.labels.task_attempt_num ?? 0) || 0,
      tmId: s.labels.tm_id ?? '',
      values: gridValues(s, grid),
    });
  }
  if (parsed.length === 0) return null;
  const name = series.find((s) => s.labels.task_name !== undefined)?.labels.task_name ?? vertexId;
  // The same resolution as a REST recording: each canonical metric from its best available id.
  const { ids } = resolveSubtaskMetrics(new Set(parsed.map((p) => TASK_FAMILIES.get(p.family)!)));
  const familyOf = new Map<string, SubtaskMetric>();
  for (const [key, id] of Object.entries(ids) as Array<[SubtaskMetric, string]>)
    familyOf.set(prometheusName(SCOPE.task, id), key);
  // Newest attempt first: after a restart the old attempt's series may still show within the lookback.
  const used = parsed.filter((p) => familyOf.has(p.family)).sort((a, b) => b.attempt - a.attempt);
  const frames: VertexFrame[] = [];
  let parallelism = 0;
  let lastPlacement = '';
  for (let i = 0; i < pointsIn(grid); i++) {
    const present = used.filter((p) => p.values.has(i));
    if (present.length === 0) continue;
    const n = Math.max(...present.map((p) => p.subtask)) + 1;
    parallelism = Math.max(parallelism, n);
    const subtasks: Partial<Record<SubtaskMetric, Float64Array>> = {};
    const taskManagers: string[] = new Array<string>(n).fill('');
    const filled = new Set<string>();
    for (const p of present) {
      const key = familyOf.get(p.family)!;
      const slot = `${key}/${p.subtask}`;
      if (filled.has(slot)) continue;
      filled.add(slot);
      const column = (subtasks[key] ??= new Float64Array(n).fill(Number.NaN));
      column[p.subtask] = p.values.get(i)!;
      if (taskManagers[p.subtask] === '') taskManagers[p.subtask] = p.tmId;
    }
    const placement = JSON.stringify(taskManagers);
    const frame: VertexFrame = {
      clusterId,
      jobId,
      vertexId,
      ts: epochMs(grid.start + i * grid.stepMs),
      parallelism: n,
      subtasks,
    };
    if (placement !== lastPlacement) frame.taskManagers = taskManagers;
    lastPlacement = placement;
    frames.push(frame);
  }
  return { name, parallelism, frames };
}

export interface ImportedTaskManagers {
  frames: TaskManagerFrame[];
  /** Per collector (or of the sum, collector null, where only `All` is reported), for GC windows. */
  gcSamples: GcSample[];
}

/** Per TaskManager (`tm_id`) and instant, the canonical values the REST recorder keeps (GC summed over collectors). */
export function taskManagerFrames(
  clusterId: ClusterId,
  series: readonly RangeSeries[],
  grid: QueryRange,
): ImportedTaskManagers {
  const byTm = new Map<string, Array<{ id: string; values: Map<number, number> }>>();
  for (const s of series) {
    const id = taskManagerRestId(s.labels.__name__ ?? '');
    const tm = s.labels.tm_id;
    if (id === null || tm === undefined) continue;
    let list = byTm.get(tm);
    if (!list) byTm.set(tm, (list = []));
    list.push({ id, values: gridValues(s, grid) });
  }
  const frames: TaskManagerFrame[] = [];
  const gcSamples: GcSample[] = [];
  for (const [taskManagerId, list] of byTm) {
    const res = resolveTaskManagerMetrics(list.map((l) => l.id));
    for (let i = 0; i < pointsIn(grid); i++) {
      const at = new Map<string, number>();
      for (const l of list) {
        const v = l.values.get(i);
        if (v !== undefined) at.set(l.id, v);
      }
      if (at.size === 0) continue;
      const frame: TaskManagerFrame = {
        clusterId,
        taskManagerId,
        ts: epochMs(grid.start + i * grid.stepMs),
        values: combineTaskManagerValues(res, at),
      };
      frames.push(frame);
      const collectors = gcCollectorValues(res, at);
      const sample = { clusterId, taskManagerId, ts: frame.ts };
      if (collectors.length > 0)
        gcSamples.push(
          ...collectors.map((c) => ({ ...sample, collector: c.collector, timeMs: c.timeMs, count: c.count })),
        );
      else
        gcSamples.push({
          ...sample,
          collector: null,
          timeMs: frame.values.gcTimeMs ?? Number.NaN,
          count: frame.values.gcCount ?? null,
        });
    }
  }
  return { frames: frames.sort((a, b) => a.ts - b.ts), gcSamples };
}
