// Things with a start and an end, and job events: checkpoints (upserted: an in-progress one later
// completes or fails), raw GC windows (of one collector, or of the sum over all of them), and
// JobEvents as JSON.

import type { CheckpointEvent, CheckpointStatus, GcWindow, JobEvent, JobEventKind } from '../../../shared/model';
import { epochMs, type TimeRange } from '../../../shared/time';
import { hasTable, prepare, type Db } from './statements';

// ---- checkpoints ----

interface CheckpointRow {
  cluster_id: number;
  job_id: string;
  checkpoint_id: number;
  status: CheckpointStatus;
  is_savepoint: number;
  trigger_ts: number;
  end_ts: number;
  checkpointed_size: number | null;
  state_size: number | null;
  alignment_ms: number | null;
  failure_message: string | null;
}

export function checkpointFromRow(r: CheckpointRow): CheckpointEvent {
  return {
    clusterId: r.cluster_id,
    jobId: r.job_id,
    id: r.checkpoint_id,
    status: r.status,
    isSavepoint: r.is_savepoint === 1,
    triggerTs: epochMs(r.trigger_ts),
    endTs: epochMs(r.end_ts),
    checkpointedSize: r.checkpointed_size,
    stateSize: r.state_size,
    alignmentMs: r.alignment_ms,
    failureMessage: r.failure_message,
  };
}

export function upsertCheckpoint(db: Db, c: CheckpointEvent): void {
  prepare(
    db,
    `INSERT INTO checkpoints (cluster_id, job_id, checkpoint_id, status, is_savepoint, trigger_ts, end_ts, checkpointed_size, state_size, alignment_ms, failure_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (cluster_id, job_id, checkpoint_id) DO UPDATE SET status = excluded.status, is_savepoint = excluded.is_savepoint,
       trigger_ts = excluded.trigger_ts, end_ts = excluded.end_ts, checkpointed_size = excluded.checkpointed_size,
       state_size = excluded.state_size, alignment_ms = excluded.alignment_ms, failure_message = excluded.failure_message`,
  ).run(
    c.clusterId,
    c.jobId,
    c.id,
    c.status,
    c.isSavepoint ? 1 : 0,
    c.triggerTs,
    c.endTs,
    c.checkpointedSize,
    c.stateSize,
    c.alignmentMs,
    c.failureMessage,
  );
}

/** Checkpoints whose [trigger, end] overlaps the range, by trigger time. */
export function checkpointsIn(db: Db, range: TimeRange): CheckpointEvent[] {
  return prepare<CheckpointRow>(
    db,
    `SELECT cluster_id, job_id, checkpoint_id, status, is_savepoint, trigger_ts, end_ts, checkpointed_size, state_size, alignment_ms, failure_message
     FROM checkpoints WHERE trigger_ts <= ? AND end_ts >= ? ORDER BY trigger_ts, cluster_id, job_id, checkpoint_id`,
  )
    .all(range.to, range.from)
    .map(checkpointFromRow);
}

// ---- GC windows ----

/** gc_collector_windows came with format 3; older files keep only windows of the sum. */
export const hasCollectorWindows = (db: Db): boolean => hasTable(db, 'gc_collector_windows');

/** A raw window of one collector (collector set) or of the sum over all of them (null). */
export function insertGcWindow(db: Db, tmRef: number, g: GcWindow): void {
  if (g.collector === null) {
    prepare(
      db,
      'INSERT OR REPLACE INTO gc_windows (tm_ref, start_ts, end_ts, gc_time_ms, gc_count) VALUES (?, ?, ?, ?, ?)',
    ).run(tmRef, g.start, g.end, g.gcTimeMs, g.gcCount);
  } else {
    prepare(
      db,
      'INSERT OR REPLACE INTO gc_collector_windows (tm_ref, collector, start_ts, end_ts, gc_time_ms, gc_count) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(tmRef, g.collector, g.start, g.end, g.gcTimeMs, g.gcCount);
  }
}

interface GcWindowRow {
  cluster_id: number;
  tm_id: string;
  collector: string | null;
  start_ts: number;
  end_ts: number;
  gc_time_ms: number;
  gc_count: number;
}

export function gcWindowFromRow(r: GcWindowRow): GcWindow {
  return {
    clusterId: r.cluster_id,
    taskManagerId: r.tm_id,
    start: epochMs(r.start_ts),
    end: epochMs(r.end_ts),
    gcTimeMs: r.gc_time_ms,
    gcCount: r.gc_count,
    collector: r.collector,
  };
}

const GC_OF_ALL = `SELECT t.cluster_id, t.tm_id, NULL AS collector, g.start_ts, g.end_ts, g.gc_time_ms, g.gc_count
     FROM gc_windows g JOIN taskmanagers t ON t.ref = g.tm_ref WHERE g.start_ts <= @to AND g.end_ts >= @from`;
const GC_PER_COLLECTOR = `SELECT t.cluster_id, t.tm_id, g.collector, g.start_ts, g.end_ts, g.gc_time_ms, g.gc_count
     FROM gc_collector_windows g JOIN taskmanagers t ON t.ref = g.tm_ref WHERE g.start_ts <= @to AND g.end_ts >= @from`;
const GC_ORDER = 'ORDER BY start_ts, cluster_id, tm_id, collector';

/** Raw GC windows overlapping the range, both kinds, by start. */
export function gcWindowsIn(db: Db, range: TimeRange): GcWindow[] {
  const sql = hasCollectorWindows(db)
    ? `${GC_OF_ALL} UNION ALL ${GC_PER_COLLECTOR} ${GC_ORDER}`
    : `${GC_OF_ALL} ${GC_ORDER}`;
  return prepare<GcWindowRow>(db, sql).all({ from: range.from, to: range.to }).map(gcWindowFromRow);
}

// ---- events ----

interface EventRow {
  kind: string;
  data: string;
}

export function eventFromRow(r: EventRow): JobEvent {
  return JSON.parse(r.data) as JobEvent;
}

export function insertEvent(db: Db, e: JobEvent): void {
  prepare(db, 'INSERT INTO events (cluster_id, job_id, ts, kind, data) VALUES (?, ?, ?, ?, ?)').run(
    e.clusterId,
    e.jobId,
    e.ts,
    e.kind,
    JSON.stringify(e),
  );
}

/** Events inside the range (of the given kinds), by time. */
export function eventsIn(db: Db, range: TimeRange, kinds?: readonly JobEventKind[]): JobEvent[] {
  const wanted = kinds === undefined ? null : new Set<string>(kinds);
  return prepare<EventRow>(db, 'SELECT kind, data FROM events WHERE ts BETWEEN ? AND ? ORDER BY ts, id')
    .all(range.from, range.to)
    .filter((r) => wanted === null || wanted.has(r.kind))
    .map(eventFromRow);
}
