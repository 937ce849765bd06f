// Range-query answers of one vertex (or of the TaskManagers) turned into the frames the REST
// recorder writes: per grid instant, one value per subtask and canonical metric, NaN where the
// store has none. An instant without any value is no frame at all: a gap in the session, as a
// scrape failure is a gap in the store.

import type { ClusterId, TaskManagerFrame, VertexFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import type { GcSample } from '../../../shared/analysis/gc';
import { combineTaskManagerValues, gcCollectorValues, resolveTaskManagerMetrics } from '../../flink/metric-names';
import { pointsIn, type QueryRange, type RangeSeries } from '../../prometheus/range';
import { VertexColumns } from './columns';
import { taskManagerRestId } from './families';

/** Grid index of each sample of a series (all queries of an import share the grid). */
function gridValues(s: RangeSeries, grid: QueryRange): Map<number, number> {
  const out = new Map<number, number>();
  s.timestamps.forEach((t, i) => out.set(Math.round((t - grid.start) / grid.stepMs), s.values[i]!));
  return out;
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
  const columns = new VertexColumns(grid, 1);
  let any = false;
  for (const s of series) {
    const put = columns.sink(s.labels);
    if (put === null) continue;
    any = true;
    s.timestamps.forEach((t, i) => put(t, s.values[i]!));
  }
  if (!any) return null;
  const frames: VertexFrame[] = [];
  for (let i = 0; i < pointsIn(grid); i++) {
    const frame = columns.frameAt(i, clusterId, jobId, vertexId);
    if (frame) frames.push(frame);
  }
  const parallelism = Math.max(0, ...frames.map((f) => f.parallelism));
  return { name: columns.name ?? vertexId, parallelism, frames };
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
