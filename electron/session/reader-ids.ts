// What a reader keeps of the file's ids: metric ids and names, and vertex refs. A file being
// recorded gains metrics and vertices while it is read: `reload()` picks them up, and lookups
// reload once on a miss.

import type { ClusterId, SubtaskMetric, TaskManagerMetric } from '../../shared/model';
import { readMetricIds } from './sql/catalog';
import type { Db } from './sql/statements';
import { listVertexRefs, type VertexRef } from './sql/topology';

const key = (clusterId: ClusterId, jobId: string, vertexId: string): string =>
  JSON.stringify([clusterId, jobId, vertexId]);

export class ReaderIds {
  private subtaskIds = new Map<SubtaskMetric, number>();
  private subtaskNames = new Map<number, SubtaskMetric>();
  private tmNames = new Map<number, TaskManagerMetric>();
  private vertexByKey = new Map<string, VertexRef>();
  private vertexByRef = new Map<number, VertexRef>();

  constructor(private readonly db: Db) {
    this.reload();
  }

  reload(): void {
    const metrics = readMetricIds(this.db);
    this.subtaskIds = metrics.subtask;
    this.subtaskNames = new Map([...metrics.subtask].map(([name, id]) => [id, name]));
    this.tmNames = new Map([...metrics.taskManager].map(([name, id]) => [id, name]));
    this.vertexByKey.clear();
    this.vertexByRef.clear();
    for (const v of listVertexRefs(this.db)) {
      this.vertexByKey.set(key(v.clusterId, v.jobId, v.vertexId), v);
      this.vertexByRef.set(v.ref, v);
    }
  }

  /** The vertex, or null when the file has none of that name. */
  vertex(clusterId: ClusterId, jobId: string, vertexId: string): VertexRef | null {
    const k = key(clusterId, jobId, vertexId);
    if (!this.vertexByKey.has(k)) this.reload();
    return this.vertexByKey.get(k) ?? null;
  }

  vertexByRefOf(ref: number): VertexRef | undefined {
    if (!this.vertexByRef.has(ref)) this.reload();
    return this.vertexByRef.get(ref);
  }

  /** Every vertex the file has, by ref. */
  allVertices(): VertexRef[] {
    return [...this.vertexByRef.values()];
  }

  /** The metric's id; unless told not to, reloads once when the file seems not to have it. */
  subtaskMetricId(metric: SubtaskMetric, reloadOnMiss = true): number | undefined {
    if (reloadOnMiss && !this.subtaskIds.has(metric)) this.reload();
    return this.subtaskIds.get(metric);
  }

  /** Ids of the metrics the file has (reloading once if one is unknown). */
  subtaskMetricIds(metrics: readonly SubtaskMetric[]): number[] {
    if (metrics.some((m) => !this.subtaskIds.has(m))) this.reload();
    return metrics.flatMap((m) => this.subtaskIds.get(m) ?? []);
  }

  subtaskMetricName(id: number): SubtaskMetric | undefined {
    return this.subtaskNames.get(id);
  }

  taskManagerMetricName(id: number): TaskManagerMetric | undefined {
    return this.tmNames.get(id);
  }
}
