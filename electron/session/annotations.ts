// Basic CRUD for annotations (user notes on the timeline, and automatic annotations the user
// kept). Shared by the writer (create/update/delete) and the reader (list).

import type Database from 'better-sqlite3';
import { epochMs, type EpochMs } from '../../shared/time';
import { SessionFileError } from './errors';
import type { Annotation, AnnotationPatch, NewAnnotation, TimeRange } from './types';
import { hasTable } from './migrate';

interface Row {
  id: number;
  source: 'user' | 'auto';
  auto_key: string | null;
  start_ts: number;
  end_ts: number | null;
  text: string;
  tag: string | null;
  cluster_id: number | null;
  job_id: string | null;
  vertex_id: string | null;
  pinned: number;
  created_ts: number;
  updated_ts: number;
}

const fromRow = (r: Row): Annotation => ({
  id: r.id,
  source: r.source,
  autoKey: r.auto_key,
  start: epochMs(r.start_ts),
  end: r.end_ts === null ? null : epochMs(r.end_ts),
  text: r.text,
  tag: r.tag,
  clusterId: r.cluster_id,
  jobId: r.job_id,
  vertexId: r.vertex_id,
  pinned: r.pinned === 1,
  createdTs: epochMs(r.created_ts),
  updatedTs: epochMs(r.updated_ts),
});

function checkSpan(start: number, end: number | null): void {
  if (!Number.isFinite(start) || (end !== null && !Number.isFinite(end))) {
    throw new SessionFileError('invalid-input', 'annotation times must be finite epoch milliseconds');
  }
  if (end !== null && end < start) throw new SessionFileError('invalid-input', `annotation ends (${end}) before it starts (${start})`);
}

export function hasAnnotations(db: Database.Database): boolean {
  return hasTable(db, 'annotations');
}

export function getAnnotation(db: Database.Database, id: number): Annotation | null {
  const row = db.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as Row | undefined;
  return row === undefined ? null : fromRow(row);
}

/** Annotations overlapping the range (all when none), by start time. */
export function listAnnotations(db: Database.Database, range?: TimeRange): Annotation[] {
  if (!hasAnnotations(db)) return []; // a format-1 file opened read-only
  const rows = (
    range === undefined
      ? db.prepare('SELECT * FROM annotations ORDER BY start_ts, id').all()
      : db
          .prepare('SELECT * FROM annotations WHERE start_ts <= ? AND coalesce(end_ts, start_ts) >= ? ORDER BY start_ts, id')
          .all(range.to, range.from)
  ) as Row[];
  return rows.map(fromRow);
}

export function insertAnnotation(db: Database.Database, a: NewAnnotation, now: EpochMs): Annotation {
  checkSpan(a.start, a.end);
  const source = a.source ?? 'user';
  const autoKey = a.autoKey ?? null;
  if ((source === 'auto') !== (autoKey !== null)) {
    throw new SessionFileError('invalid-input', 'automatic annotations need an autoKey, user annotations must not have one');
  }
  const info = db
    .prepare(
      `INSERT INTO annotations (source, auto_key, start_ts, end_ts, text, tag, cluster_id, job_id, vertex_id, pinned, created_ts, updated_ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (auto_key) DO UPDATE SET start_ts = excluded.start_ts, end_ts = excluded.end_ts, text = excluded.text,
         tag = excluded.tag, cluster_id = excluded.cluster_id, job_id = excluded.job_id, vertex_id = excluded.vertex_id,
         pinned = excluded.pinned, updated_ts = excluded.updated_ts
       RETURNING id`,
    )
    .get(source, autoKey, a.start, a.end, a.text, a.tag, a.clusterId, a.jobId, a.vertexId, a.pinned ? 1 : 0, now, now) as { id: number };
  return getAnnotation(db, info.id)!;
}

export function updateAnnotation(db: Database.Database, id: number, patch: AnnotationPatch, now: EpochMs): Annotation {
  const current = getAnnotation(db, id);
  if (current === null) throw new SessionFileError('invalid-input', `no annotation ${id}`);
  const next = { ...current, ...patch };
  checkSpan(next.start, next.end);
  db.prepare('UPDATE annotations SET start_ts = ?, end_ts = ?, text = ?, tag = ?, vertex_id = ?, pinned = ?, updated_ts = ? WHERE id = ?').run(
    next.start,
    next.end,
    next.text,
    next.tag,
    next.vertexId,
    next.pinned ? 1 : 0,
    now,
    id,
  );
  return getAnnotation(db, id)!;
}

export function deleteAnnotation(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM annotations WHERE id = ?').run(id).changes > 0;
}
