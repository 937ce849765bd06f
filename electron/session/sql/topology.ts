// What was recorded: clusters, jobs, vertices with their versions (name, parallelism, position;
// a new row per change), each job's edge set (a new row per change) and TaskManagers.

import type { ClusterId, ClusterInfo, EdgeInfo, JobInfo, VertexInfo } from '../../../shared/model';
import type { EpochMs } from '../../../shared/time';
import { prepare, type Db } from './statements';

// ---- clusters ----

interface ClusterRow {
  id: number;
  url: string;
  flink_version: string | null;
  fetch_interval_ms: number | null;
  poll_interval_ms: number;
}

export function clusterFromRow(r: ClusterRow): ClusterInfo {
  return {
    id: r.id,
    url: r.url,
    flinkVersion: r.flink_version,
    fetchIntervalMs: r.fetch_interval_ms,
    pollIntervalMs: r.poll_interval_ms,
  };
}

export function insertCluster(db: Db, c: Omit<ClusterInfo, 'id'>): ClusterId {
  const info = prepare(
    db,
    'INSERT INTO clusters (url, flink_version, fetch_interval_ms, poll_interval_ms) VALUES (?, ?, ?, ?)',
  ).run(c.url, c.flinkVersion, c.fetchIntervalMs, c.pollIntervalMs);
  return Number(info.lastInsertRowid);
}

export function setClusterFlinkVersion(db: Db, id: ClusterId, flinkVersion: string | null): void {
  prepare(db, 'UPDATE clusters SET flink_version = ? WHERE id = ?').run(flinkVersion, id);
}

export function setClusterFetchInterval(db: Db, id: ClusterId, fetchIntervalMs: number | null): void {
  prepare(db, 'UPDATE clusters SET fetch_interval_ms = ? WHERE id = ?').run(fetchIntervalMs, id);
}

export function listClusters(db: Db): ClusterInfo[] {
  return prepare<ClusterRow>(
    db,
    'SELECT id, url, flink_version, fetch_interval_ms, poll_interval_ms FROM clusters ORDER BY id',
  )
    .all()
    .map(clusterFromRow);
}

// ---- jobs ----

interface JobRow {
  cluster_id: number;
  job_id: string;
  name: string;
}

export function jobFromRow(r: JobRow): JobInfo {
  return { clusterId: r.cluster_id, jobId: r.job_id, name: r.name };
}

/** Records a job first seen at `ts`; a job seen before keeps its first time and takes the name. */
export function upsertJob(db: Db, job: JobInfo, ts: EpochMs): void {
  prepare(
    db,
    'INSERT INTO jobs (cluster_id, job_id, name, first_ts) VALUES (?, ?, ?, ?) ON CONFLICT (cluster_id, job_id) DO UPDATE SET name = excluded.name',
  ).run(job.clusterId, job.jobId, job.name, ts);
}

/** By cluster, then in the order they were first seen. */
export function listJobs(db: Db): JobInfo[] {
  return prepare<JobRow>(db, 'SELECT cluster_id, job_id, name FROM jobs ORDER BY cluster_id, first_ts, job_id')
    .all()
    .map(jobFromRow);
}

// ---- vertices and their versions ----

/** A vertex as the file identifies it: `ref` is the file-local id frames and summaries use. */
export interface VertexRef {
  ref: number;
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
}

interface VertexRefRow {
  ref: number;
  cluster_id: number;
  job_id: string;
  vertex_id: string;
}

export function vertexRefFromRow(r: VertexRefRow): VertexRef {
  return { ref: r.ref, clusterId: r.cluster_id, jobId: r.job_id, vertexId: r.vertex_id };
}

export function insertVertex(db: Db, clusterId: ClusterId, jobId: string, vertexId: string): number {
  return Number(
    prepare(db, 'INSERT INTO vertices (cluster_id, job_id, vertex_id) VALUES (?, ?, ?)').run(clusterId, jobId, vertexId)
      .lastInsertRowid,
  );
}

export function listVertexRefs(db: Db): VertexRef[] {
  return prepare<VertexRefRow>(db, 'SELECT ref, cluster_id, job_id, vertex_id FROM vertices ORDER BY ref')
    .all()
    .map(vertexRefFromRow);
}

/** Number of vertices each job has had, by (cluster, job). */
export function vertexCountsByJob(db: Db): Array<{ clusterId: ClusterId; jobId: string; vertices: number }> {
  return prepare<{ cluster_id: number; job_id: string; n: number }>(
    db,
    'SELECT cluster_id, job_id, count(*) AS n FROM vertices GROUP BY cluster_id, job_id',
  )
    .all()
    .map((r) => ({ clusterId: r.cluster_id, jobId: r.job_id, vertices: r.n }));
}

/** What a vertex_versions row holds: a new row whenever one of these changes. */
export type VertexVersion = Pick<VertexInfo, 'name' | 'parallelism' | 'maxParallelism' | 'topoIndex'>;

interface VertexVersionRow {
  name: string;
  parallelism: number;
  max_parallelism: number | null;
  topo_index: number;
}

export function vertexVersionFromRow(r: VertexVersionRow): VertexVersion {
  return { name: r.name, parallelism: r.parallelism, maxParallelism: r.max_parallelism, topoIndex: r.topo_index };
}

export function sameVertexVersion(a: VertexVersion, b: VertexVersion): boolean {
  return (
    a.name === b.name &&
    a.parallelism === b.parallelism &&
    a.maxParallelism === b.maxParallelism &&
    a.topoIndex === b.topoIndex
  );
}

export function insertVertexVersion(db: Db, ref: number, ts: EpochMs, v: VertexVersion): void {
  prepare(
    db,
    'INSERT OR REPLACE INTO vertex_versions (vertex_ref, ts, name, parallelism, max_parallelism, topo_index) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(ref, ts, v.name, v.parallelism, v.maxParallelism, v.topoIndex);
}

export function latestVertexVersion(db: Db, ref: number): VertexVersion | null {
  const r = prepare<VertexVersionRow>(
    db,
    'SELECT name, parallelism, max_parallelism, topo_index FROM vertex_versions WHERE vertex_ref = ? ORDER BY ts DESC LIMIT 1',
  ).get(ref);
  return r === undefined ? null : vertexVersionFromRow(r);
}

type VertexRow = VertexRefRow & VertexVersionRow;

export function vertexFromRow(r: VertexRow): VertexInfo {
  return { clusterId: r.cluster_id, jobId: r.job_id, vertexId: r.vertex_id, ...vertexVersionFromRow(r) };
}

/** Every vertex known at `asOf` with its version as of then, in topological order per job. */
export function verticesAsOf(db: Db, asOf: EpochMs): VertexInfo[] {
  return prepare<VertexRow>(
    db,
    `SELECT v.ref, v.cluster_id, v.job_id, v.vertex_id, vv.name, vv.parallelism, vv.max_parallelism, vv.topo_index
     FROM vertices v JOIN vertex_versions vv ON vv.vertex_ref = v.ref
     WHERE vv.ts = (SELECT max(x.ts) FROM vertex_versions x WHERE x.vertex_ref = v.ref AND x.ts <= ?)
     ORDER BY v.cluster_id, v.job_id, vv.topo_index, v.vertex_id`,
  )
    .all(asOf)
    .map(vertexFromRow);
}

// ---- edge sets ----

type StoredEdge = [source: string, target: string, shipStrategy: string];

/** The stored form of an edge set: sorted, so an unchanged set compares equal as text. */
export function encodeEdgeSet(edges: ReadonlyArray<Pick<EdgeInfo, 'source' | 'target' | 'shipStrategy'>>): string {
  const order = (a: StoredEdge, b: StoredEdge): number => {
    const x = a.join('\u0000');
    const y = b.join('\u0000');
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return JSON.stringify(edges.map((e): StoredEdge => [e.source, e.target, e.shipStrategy]).sort(order));
}

interface EdgeSetRow {
  cluster_id: number;
  job_id: string;
  edges: string;
}

export function edgeSetFromRow(r: EdgeSetRow): EdgeInfo[] {
  return (JSON.parse(r.edges) as StoredEdge[]).map(([source, target, shipStrategy]) => ({
    clusterId: r.cluster_id,
    jobId: r.job_id,
    source,
    target,
    shipStrategy,
  }));
}

export function insertEdgeSet(db: Db, clusterId: ClusterId, jobId: string, ts: EpochMs, encoded: string): void {
  prepare(db, 'INSERT OR REPLACE INTO edge_sets (cluster_id, job_id, ts, edges) VALUES (?, ?, ?, ?)').run(
    clusterId,
    jobId,
    ts,
    encoded,
  );
}

/** The latest stored edge set of every job, as stored (see encodeEdgeSet). */
export function latestEdgeSets(db: Db): Array<{ clusterId: ClusterId; jobId: string; encoded: string }> {
  return prepare<EdgeSetRow>(
    db,
    'SELECT e.cluster_id, e.job_id, e.edges FROM edge_sets e WHERE e.ts = (SELECT max(ts) FROM edge_sets x WHERE x.cluster_id = e.cluster_id AND x.job_id = e.job_id)',
  )
    .all()
    .map((r) => ({ clusterId: r.cluster_id, jobId: r.job_id, encoded: r.edges }));
}

/** The edge set of every job as of `ts`. */
export function edgesAt(db: Db, ts: EpochMs): EdgeInfo[] {
  return prepare<EdgeSetRow>(
    db,
    `SELECT cluster_id, job_id, edges FROM edge_sets e
     WHERE e.ts = (SELECT max(x.ts) FROM edge_sets x WHERE x.cluster_id = e.cluster_id AND x.job_id = e.job_id AND x.ts <= ?)
     ORDER BY cluster_id, job_id`,
  )
    .all(ts)
    .flatMap(edgeSetFromRow);
}

// ---- TaskManagers ----

export interface TaskManagerRef {
  ref: number;
  clusterId: ClusterId;
  taskManagerId: string;
}

interface TaskManagerRow {
  ref: number;
  cluster_id: number;
  tm_id: string;
}

export function taskManagerFromRow(r: TaskManagerRow): TaskManagerRef {
  return { ref: r.ref, clusterId: r.cluster_id, taskManagerId: r.tm_id };
}

/** The file-local ref of a TaskManager, added when new. */
export function ensureTaskManager(db: Db, clusterId: ClusterId, tmId: string): number {
  prepare(db, 'INSERT OR IGNORE INTO taskmanagers (cluster_id, tm_id) VALUES (?, ?)').run(clusterId, tmId);
  return prepare<{ ref: number }>(db, 'SELECT ref FROM taskmanagers WHERE cluster_id = ? AND tm_id = ?').get(
    clusterId,
    tmId,
  )!.ref;
}

export function listTaskManagers(db: Db): TaskManagerRef[] {
  return prepare<TaskManagerRow>(db, 'SELECT ref, cluster_id, tm_id FROM taskmanagers').all().map(taskManagerFromRow);
}
