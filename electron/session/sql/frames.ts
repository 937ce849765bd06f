// Ticks and what each one holds per vertex and TaskManager: the compressed frame blobs, the
// per-tick summaries zoomed-out views read, the cluster's own aggregates, placements (only when
// they changed) and TaskManager frames.

import type { ClusterId, TickInfo, TickStatus } from '../../../shared/model';
import { durationMs, epochMs, type EpochMs, type TimeRange } from '../../../shared/time';
import type { Placement } from '../types';
import { prepare, type Db } from './statements';

// ---- ticks ----

interface TickRow {
  cluster_id: number;
  ts: number;
  status: TickStatus;
  latency_ms: number;
  server_ts: number | null;
  fresh: number;
  requests: number;
  error: string | null;
}

export function tickFromRow(r: TickRow): TickInfo {
  return {
    clusterId: r.cluster_id,
    ts: epochMs(r.ts),
    status: r.status,
    latencyMs: durationMs(r.latency_ms),
    serverTs: r.server_ts === null ? null : epochMs(r.server_ts),
    fresh: r.fresh === 1,
    requests: r.requests,
    error: r.error,
  };
}

export function insertTick(db: Db, t: TickInfo): void {
  prepare(
    db,
    'INSERT INTO ticks (cluster_id, ts, status, latency_ms, server_ts, fresh, requests, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(t.clusterId, t.ts, t.status, t.latencyMs, t.serverTs, t.fresh ? 1 : 0, t.requests, t.error);
}

export function ticksIn(db: Db, range: TimeRange, clusterId: ClusterId | null): TickInfo[] {
  return prepare<TickRow>(
    db,
    `SELECT cluster_id, ts, status, latency_ms, server_ts, fresh, requests, error FROM ticks
     WHERE ts BETWEEN ? AND ? AND (? IS NULL OR cluster_id = ?) ORDER BY ts, cluster_id`,
  )
    .all(range.from, range.to, clusterId, clusterId)
    .map(tickFromRow);
}

/** The latest tick of each cluster. */
export function lastTickTs(db: Db): Map<ClusterId, number> {
  const rows = prepare<{ cluster_id: number; ts: number }>(
    db,
    'SELECT cluster_id, max(ts) AS ts FROM ticks GROUP BY cluster_id',
  ).all();
  return new Map(rows.map((r) => [r.cluster_id, r.ts]));
}

/** Every tick's cluster, time and outcome, by cluster and time (for `backflow info`). */
export function tickOutcomes(db: Db): Array<{ clusterId: ClusterId; ts: number; status: TickStatus }> {
  return prepare<{ cluster_id: number; ts: number; status: TickStatus }>(
    db,
    'SELECT cluster_id, ts, status FROM ticks ORDER BY cluster_id, ts',
  )
    .all()
    .map((r) => ({ clusterId: r.cluster_id, ts: r.ts, status: r.status }));
}

/** First and last tick over all clusters; null without ticks. */
export function tickRange(db: Db): TimeRange | null {
  const r = prepare<{ a: number | null; b: number | null }>(db, 'SELECT min(ts) AS a, max(ts) AS b FROM ticks').get()!;
  return r.a === null || r.b === null ? null : { from: epochMs(r.a), to: epochMs(r.b) };
}

// ---- vertex frames ----

/** One stored frame: key = decodable alone, else deltas against the vertex's previous frame. */
export interface FrameRow {
  ts: number;
  key: number;
  data: Buffer;
}

export function insertFrame(
  db: Db,
  ref: number,
  ts: EpochMs,
  key: boolean,
  parallelism: number,
  data: Uint8Array,
): void {
  prepare(db, 'INSERT INTO vertex_frames (vertex_ref, ts, key, parallelism, data) VALUES (?, ?, ?, ?, ?)').run(
    ref,
    ts,
    key ? 1 : 0,
    parallelism,
    data,
  );
}

/** The vertex's latest frame at or before `ts` (all of them: the latest one). */
export function lastFrameTs(db: Db, ref: number, ts: number = Number.MAX_SAFE_INTEGER): number | null {
  return prepare<{ ts: number | null }>(
    db,
    'SELECT max(ts) AS ts FROM vertex_frames WHERE vertex_ref = ? AND ts <= ?',
  ).get(ref, ts)!.ts;
}

/** The vertex's latest key frame at or before `ts`: where decoding a frame at `ts` starts. */
export function lastKeyFrameTs(db: Db, ref: number, ts: number): number | null {
  return prepare<{ ts: number | null }>(
    db,
    'SELECT max(ts) AS ts FROM vertex_frames WHERE vertex_ref = ? AND key = 1 AND ts <= ?',
  ).get(ref, ts)!.ts;
}

/** The vertex's frames in [from, to], oldest first. */
export function frameRows(db: Db, ref: number, from: number, to: number): FrameRow[] {
  return prepare<FrameRow>(
    db,
    'SELECT ts, key, data FROM vertex_frames WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts',
  ).all(ref, from, to);
}

/** The first frame of each vertex inside [from, to]. */
export function firstFrames(db: Db, from: number, to: number): Array<{ ref: number; ts: number }> {
  return prepare<{ ref: number; ts: number }>(
    db,
    'SELECT vertex_ref AS ref, min(ts) AS ts FROM vertex_frames WHERE ts BETWEEN ? AND ? GROUP BY vertex_ref',
  ).all(from, to);
}

/** Replaces a frame by a key frame of the same values. */
export function replaceWithKeyFrame(db: Db, ref: number, ts: number, data: Uint8Array): void {
  prepare(db, 'UPDATE vertex_frames SET key = 1, data = ? WHERE vertex_ref = ? AND ts = ?').run(data, ref, ts);
}

// ---- vertex summaries ----

/** min/max/mean over the subtasks that reported a metric at one tick; count = those subtasks. */
export interface MetricSummary {
  metricId: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

export function insertSummary(db: Db, ref: number, ts: EpochMs, s: MetricSummary): void {
  prepare(
    db,
    'INSERT OR REPLACE INTO vertex_summaries (vertex_ref, metric_id, ts, min, max, mean, count) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(ref, s.metricId, ts, s.min, s.max, s.mean, s.count);
}

/** The per-tick max over subtasks of one metric in [from, to], by tick: two columns, no row objects. */
export function summaryMaxRows(
  db: Db,
  ref: number,
  metricId: number,
  range: TimeRange,
): { ts: Float64Array; max: Float64Array } {
  const rows = prepare(
    db,
    'SELECT ts, max FROM vertex_summaries WHERE vertex_ref = ? AND metric_id = ? AND ts BETWEEN ? AND ? ORDER BY ts',
  )
    .raw(true)
    .all(ref, metricId, range.from, range.to) as [number, number | null][];
  const ts = new Float64Array(rows.length);
  const max = new Float64Array(rows.length);
  rows.forEach(([t, m], i) => {
    ts[i] = t;
    max[i] = m ?? NaN;
  });
  return { ts, max };
}

/** Per bucket index b of `buckets` equal parts of the range: min, max, mean and ticks with values. */
export function rollupRows(
  db: Db,
  ref: number,
  metricId: number,
  range: TimeRange,
  buckets: number,
): Array<{ b: number; mn: number; mx: number; mean: number; n: number }> {
  const span = range.to - range.from + 1;
  return prepare<{ b: number; mn: number; mx: number; mean: number; n: number }>(
    db,
    `SELECT ((ts - CAST(? AS INTEGER)) * CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, min(min) AS mn, max(max) AS mx, sum(mean * count) / sum(count) AS mean, count(*) AS n
     FROM vertex_summaries WHERE vertex_ref = ? AND metric_id = ? AND ts BETWEEN ? AND ? GROUP BY b`,
  ).all(range.from, buckets, span, ref, metricId, range.from, range.to);
}

// ---- vertex aggregates (as the cluster reported them; NULL = not reported) ----

export interface AggregateValues {
  min: number;
  max: number;
  avg: number;
  sum: number;
  skew: number;
}

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nanIfNull = (v: number | null): number => (v === null ? NaN : v);

export function insertAggregate(db: Db, ref: number, metricId: number, ts: EpochMs, a: AggregateValues): void {
  prepare(
    db,
    'INSERT OR REPLACE INTO vertex_aggregates (vertex_ref, metric_id, ts, min, max, avg, sum, skew) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(ref, metricId, ts, nullIfNaN(a.min), nullIfNaN(a.max), nullIfNaN(a.avg), nullIfNaN(a.sum), nullIfNaN(a.skew));
}

interface AggregateRow {
  vertex_ref: number;
  name: string;
  ts: number;
  min: number | null;
  max: number | null;
  avg: number | null;
  sum: number | null;
  skew: number | null;
}

/** One aggregate row with its vertex ref and metric name; values NaN where not reported. */
export interface StoredAggregate extends AggregateValues {
  ref: number;
  metric: string;
  ts: EpochMs;
}

export function aggregateFromRow(r: AggregateRow): StoredAggregate {
  return {
    ref: r.vertex_ref,
    metric: r.name,
    ts: epochMs(r.ts),
    min: nanIfNull(r.min),
    max: nanIfNull(r.max),
    avg: nanIfNull(r.avg),
    sum: nanIfNull(r.sum),
    skew: nanIfNull(r.skew),
  };
}

/** Aggregates inside the range, of one vertex or all, by time, vertex and metric. */
export function aggregatesIn(db: Db, range: TimeRange, ref: number | null): StoredAggregate[] {
  return prepare<AggregateRow>(
    db,
    `SELECT a.vertex_ref, m.name, a.ts, a.min, a.max, a.avg, a.sum, a.skew FROM vertex_aggregates a JOIN metrics m ON m.id = a.metric_id
     WHERE a.ts BETWEEN ? AND ? AND (? IS NULL OR a.vertex_ref = ?) ORDER BY a.ts, a.vertex_ref, a.metric_id`,
  )
    .all(range.from, range.to, ref, ref)
    .map(aggregateFromRow);
}

/** The `sum` and `avg` of the given metrics of one vertex in [from, to] (for the counter totals). */
export function aggregateSums(
  db: Db,
  ref: number,
  metricIds: readonly number[],
  from: number,
  to: number,
): Array<{ metricId: number; ts: number; sum: number | null; avg: number | null }> {
  return prepare<{ metric_id: number; ts: number; sum: number | null; avg: number | null }>(
    db,
    `SELECT metric_id, ts, sum, avg FROM vertex_aggregates WHERE vertex_ref = ? AND ts BETWEEN ? AND ?
       AND metric_id IN (${metricIds.map(() => '?').join(',')})`,
  )
    .all(ref, from, to, ...metricIds)
    .map((r) => ({ metricId: r.metric_id, ts: r.ts, sum: r.sum, avg: r.avg }));
}

// ---- placements (TaskManager per subtask, a new row only when it changed) ----

interface PlacementRow {
  ts: number;
  task_managers: string;
}

export function insertPlacement(db: Db, ref: number, ts: EpochMs, encoded: string): void {
  prepare(db, 'INSERT OR REPLACE INTO placements (vertex_ref, ts, task_managers) VALUES (?, ?, ?)').run(
    ref,
    ts,
    encoded,
  );
}

/** The stored form of a placement; equal text = same placement. */
export const encodePlacement = (taskManagers: readonly string[]): string => JSON.stringify(taskManagers);
export const decodePlacement = (encoded: string): string[] => JSON.parse(encoded) as string[];

/** The vertex's latest placement as stored, or null. */
export function lastPlacement(db: Db, ref: number): string | null {
  return (
    prepare<PlacementRow>(
      db,
      'SELECT ts, task_managers FROM placements WHERE vertex_ref = ? ORDER BY ts DESC LIMIT 1',
    ).get(ref)?.task_managers ?? null
  );
}

/** The vertex's placements in force during [from, to]: the one at `from` and later changes. */
export function placementRows(db: Db, ref: number, from: number, to: number): Array<{ ts: number; encoded: string }> {
  return prepare<PlacementRow>(
    db,
    `SELECT ts, task_managers FROM placements WHERE vertex_ref = ? AND ts <= ? AND
       ts >= coalesce((SELECT max(ts) FROM placements WHERE vertex_ref = ? AND ts <= ?), ?) ORDER BY ts`,
  )
    .all(ref, to, ref, from, from)
    .map((r) => ({ ts: r.ts, encoded: r.task_managers }));
}

type PlacementAtRow = PlacementRow & { cluster_id: number; job_id: string; vertex_id: string };

export function placementFromRow(r: PlacementAtRow): Placement {
  return {
    clusterId: r.cluster_id,
    jobId: r.job_id,
    vertexId: r.vertex_id,
    ts: epochMs(r.ts),
    taskManagers: decodePlacement(r.task_managers),
  };
}

/** TaskManager per subtask of every vertex as of `ts`. */
export function placementsAt(db: Db, ts: EpochMs): Placement[] {
  return prepare<PlacementAtRow>(
    db,
    `SELECT v.cluster_id, v.job_id, v.vertex_id, p.ts, p.task_managers FROM placements p JOIN vertices v ON v.ref = p.vertex_ref
     WHERE p.ts = (SELECT max(x.ts) FROM placements x WHERE x.vertex_ref = p.vertex_ref AND x.ts <= ?)
     ORDER BY v.cluster_id, v.job_id, v.vertex_id`,
  )
    .all(ts)
    .map(placementFromRow);
}

// ---- TaskManager frames (see taskmanager-codec.ts) ----

export interface TaskManagerFrameRow {
  clusterId: ClusterId;
  taskManagerId: string;
  ts: EpochMs;
  data: Buffer;
}

export function insertTaskManagerFrame(db: Db, tmRef: number, ts: EpochMs, data: Uint8Array): void {
  prepare(db, 'INSERT OR REPLACE INTO taskmanager_frames (tm_ref, ts, data) VALUES (?, ?, ?)').run(tmRef, ts, data);
}

export function taskManagerFramesIn(db: Db, range: TimeRange, clusterId: ClusterId | null): TaskManagerFrameRow[] {
  return prepare<{ cluster_id: number; tm_id: string; ts: number; data: Buffer }>(
    db,
    `SELECT t.cluster_id, t.tm_id, f.ts, f.data FROM taskmanager_frames f JOIN taskmanagers t ON t.ref = f.tm_ref
     WHERE f.ts BETWEEN ? AND ? AND (? IS NULL OR t.cluster_id = ?) ORDER BY f.ts, t.cluster_id, t.tm_id`,
  )
    .all(range.from, range.to, clusterId, clusterId)
    .map((r) => ({ clusterId: r.cluster_id, taskManagerId: r.tm_id, ts: epochMs(r.ts), data: r.data }));
}

/** The earliest of every vertex's latest key frame at or before `ts`: where decoding all of them from `ts` on starts. */
export function keyFramesStart(db: Db, ts: number): number | null {
  return prepare<{ ts: number | null }>(
    db,
    'SELECT min(k) AS ts FROM (SELECT max(ts) AS k FROM vertex_frames WHERE key = 1 AND ts <= ? GROUP BY vertex_ref)',
  ).get(ts)!.ts;
}
