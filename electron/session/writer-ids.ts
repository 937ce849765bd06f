// What the writer keeps in memory of the file it writes: file-local ids (metrics, vertices,
// TaskManagers), what it last stored of each thing that is stored only when it changed (job names,
// vertex versions, edge sets, placements), and each vertex's delta-coding state. Loaded once when
// the file is opened; updated only after the writes they describe have committed.

import type { ClusterId, SubtaskMetric, TaskManagerMetric, VertexFrame } from '../../shared/model';
import type { CodecState } from './frame-codec';
import { ensureMetricIds } from './sql/catalog';
import { lastFrameTs, lastPlacement, lastTickTs } from './sql/frames';
import type { Db } from './sql/statements';
import {
  ensureTaskManager,
  latestEdgeSets,
  latestVertexVersion,
  listClusters,
  listJobs,
  listTaskManagers,
  listVertexRefs,
  type VertexVersion,
} from './sql/topology';

/** A vertex's frame history as far as encoding the next frame needs it. */
export interface VertexTrack {
  lastTs: number;
  /** Null: the next frame is a key frame. */
  state: CodecState | null;
  /** Frames since the last key frame. */
  sinceKey: number;
  /** The stored placement in force (JSON), or null. */
  placement: string | null;
}

/**
 * What the analysis would difference a vertex's next frame against (see tick-input.ts
 * frameSample): its last usable frame as decoded (null: none), that sample's wall clock, and the
 * last JobManager fetch time seen. Empty after reopening: the next frame's sample has no base.
 */
export interface SampleBase {
  frame: VertexFrame | null;
  wall: number;
  hasServer: boolean;
  lastServerTs: number | null;
}

const key = (...parts: Array<string | number>): string => JSON.stringify(parts);

export class WriterIds {
  readonly subtaskMetrics: ReadonlyMap<SubtaskMetric, number>;
  readonly taskManagerMetrics: ReadonlyMap<TaskManagerMetric, number>;
  readonly clusters = new Set<ClusterId>();
  readonly lastTickTs: Map<ClusterId, number>;
  private readonly jobNames = new Map<string, string>();
  private readonly vertexRefs = new Map<string, number>();
  private readonly vertexIds = new Map<number, string>();
  readonly vertexVersions = new Map<number, VertexVersion>();
  readonly tracks = new Map<number, VertexTrack>();
  readonly sampleBases = new Map<number, SampleBase>();
  private readonly edgeSets = new Map<string, string>();
  private readonly tmRefs = new Map<string, number>();

  constructor(private readonly db: Db) {
    const metrics = ensureMetricIds(db);
    this.subtaskMetrics = metrics.subtask;
    this.taskManagerMetrics = metrics.taskManager;
    for (const c of listClusters(db)) this.clusters.add(c.id);
    this.lastTickTs = lastTickTs(db);
    for (const j of listJobs(db)) this.jobNames.set(key(j.clusterId, j.jobId), j.name);
    for (const v of listVertexRefs(db)) {
      this.addVertex(v.clusterId, v.jobId, v.vertexId, v.ref);
      const version = latestVertexVersion(db, v.ref);
      if (version) this.vertexVersions.set(v.ref, version);
      // No codec state after reopening: the next frame of every vertex is a key frame.
      this.tracks.set(v.ref, {
        lastTs: lastFrameTs(db, v.ref) ?? -Infinity,
        state: null,
        sinceKey: 0,
        placement: lastPlacement(db, v.ref),
      });
    }
    for (const e of latestEdgeSets(db)) this.edgeSets.set(key(e.clusterId, e.jobId), e.encoded);
    for (const t of listTaskManagers(db)) this.tmRefs.set(key(t.clusterId, t.taskManagerId), t.ref);
  }

  jobName(clusterId: ClusterId, jobId: string): string | undefined {
    return this.jobNames.get(key(clusterId, jobId));
  }

  setJobName(clusterId: ClusterId, jobId: string, name: string): void {
    this.jobNames.set(key(clusterId, jobId), name);
  }

  vertexRef(clusterId: ClusterId, jobId: string, vertexId: string): number | undefined {
    return this.vertexRefs.get(key(clusterId, jobId, vertexId));
  }

  /** A vertex just stored: it starts without frames. */
  addVertex(clusterId: ClusterId, jobId: string, vertexId: string, ref: number): void {
    this.vertexRefs.set(key(clusterId, jobId, vertexId), ref);
    this.vertexIds.set(ref, vertexId);
    if (!this.tracks.has(ref)) this.tracks.set(ref, { lastTs: -Infinity, state: null, sinceKey: 0, placement: null });
  }

  /** The Flink vertex id of a ref, for messages. */
  vertexIdOf(ref: number): string {
    return this.vertexIds.get(ref) ?? String(ref);
  }

  edgeSet(clusterId: ClusterId, jobId: string): string | undefined {
    return this.edgeSets.get(key(clusterId, jobId));
  }

  setEdgeSet(clusterId: ClusterId, jobId: string, encoded: string): void {
    this.edgeSets.set(key(clusterId, jobId), encoded);
  }

  /** The TaskManager's ref, stored first when new (in its own statement: harmless if a tick then fails). */
  taskManagerRef(clusterId: ClusterId, tmId: string): number {
    const k = key(clusterId, tmId);
    let ref = this.tmRefs.get(k);
    if (ref === undefined) {
      ref = ensureTaskManager(this.db, clusterId, tmId);
      this.tmRefs.set(k, ref);
    }
    return ref;
  }
}
