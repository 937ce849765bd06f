// Annotations (user notes on the timeline, and automatic annotations the user kept; format 2+):
// the writer creates, updates and deletes them, the reader lists them.

import type { AnnotationSummary } from '../../../shared/api';
import { epochMs, type EpochMs, type TimeRange } from '../../../shared/time';
import { SessionFileError } from '../errors';
import type { Annotation, AnnotationPatch, NewAnnotation } from '../types';
import { hasTable, prepare, type Db } from './statements';

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

const COLUMNS =
  'id, source, auto_key, start_ts, end_ts, text, tag, cluster_id, job_id, vertex_id, pinned, created_ts, updated_ts';

export const annotationFromRow = (r: Row): Annotation => ({
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
  if (end !== null && end < start)
    throw new SessionFileError('invalid-input', `annotation ends (${end}) before it starts (${start})`);
}

export function hasAnnotations(db: Db): boolean {
  return hasTable(db, 'annotations');
}

export function getAnnotation(db: Db, id: number): Annotation | null {
  const row = prepare<Row>(db, `SELECT ${COLUMNS} FROM annotations WHERE id = ?`).get(id);
  return row === undefined ? null : annotationFromRow(row);
}

/** Annotations overlapping the range (all when none), by start time. */
export function listAnnotations(db: Db, range?: TimeRange): Annotation[] {
  if (!hasAnnotations(db)) return []; // a format-1 file opened read-only
  const rows =
    range === undefined
      ? prepare<Row>(db, `SELECT ${COLUMNS} FROM annotations ORDER BY start_ts, id`).all()
      : prepare<Row>(
          db,
          `SELECT ${COLUMNS} FROM annotations WHERE start_ts <= ? AND coalesce(end_ts, start_ts) >= ? ORDER BY start_ts, id`,
        ).all(range.to, range.from);
  return rows.map(annotationFromRow);
}

export interface SummaryQuery {
  /** Only annotations overlapping it (all when absent). */
  range?: TimeRange;
  /** Only those whose text or tag contains it, ignoring case. */
  query?: string;
  /** Characters of text each summary keeps. */
  previewChars: number;
  /** At most this many, by start time. */
  limit: number;
}

/**
 * Annotations as summaries: SQLite cuts the text, so a list never holds more than one whole note
 * in memory (and only when searching, where the whole text must be looked at, one row at a time).
 */
export function listAnnotationSummaries(db: Db, q: SummaryQuery): { items: AnnotationSummary[]; more: boolean } {
  if (!hasAnnotations(db)) return { items: [], more: false };
  const needle = q.query?.trim().toLowerCase() ?? '';
  const where = q.range === undefined ? '' : 'WHERE start_ts <= @to AND coalesce(end_ts, start_ts) >= @from';
  type SummaryRow = Omit<Row, 'text'> & { preview: string; text_length: number; text?: string };
  const stmt = prepare<SummaryRow>(
    db,
    `SELECT id, source, auto_key, start_ts, end_ts, tag, cluster_id, job_id, vertex_id, pinned, created_ts, updated_ts,
       substr(text, 1, @preview) AS preview, length(text) AS text_length${needle === '' ? '' : ', text'}
     FROM annotations ${where} ORDER BY start_ts, id${needle === '' ? ' LIMIT @limit' : ''}`,
  );
  const items: AnnotationSummary[] = [];
  // Case folding as JavaScript does it (SQLite's lower() knows only ASCII).
  const matches = (r: SummaryRow) =>
    needle === '' || r.text!.toLowerCase().includes(needle) || (r.tag ?? '').toLowerCase().includes(needle);
  for (const r of stmt.iterate({ preview: q.previewChars, limit: q.limit + 1, from: q.range?.from, to: q.range?.to })) {
    if (!matches(r)) continue;
    if (items.length === q.limit) return { items, more: true };
    const { text: _text, ...a } = annotationFromRow({ ...r, text: '' });
    items.push({ ...a, preview: r.preview, previewCut: r.text_length > q.previewChars, textLength: r.text_length });
  }
  return { items, more: false };
}

export function insertAnnotation(db: Db, a: NewAnnotation, now: EpochMs): Annotation {
  checkSpan(a.start, a.end);
  const source = a.source ?? 'user';
  const autoKey = a.autoKey ?? null;
  if ((source === 'auto') !== (autoKey !== null)) {
    throw new SessionFileError(
      'invalid-input',
      'automatic annotations need an autoKey, user annotations must not have one',
    );
  }
  const info = prepare<{ id: number }>(
    db,
    `INSERT INTO annotations (source, auto_key, start_ts, end_ts, text, tag, cluster_id, job_id, vertex_id, pinned, created_ts, updated_ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (auto_key) DO UPDATE SET start_ts = excluded.start_ts, end_ts = excluded.end_ts, text = excluded.text,
         tag = excluded.tag, cluster_id = excluded.cluster_id, job_id = excluded.job_id, vertex_id = excluded.vertex_id,
         pinned = excluded.pinned, updated_ts = excluded.updated_ts
       RETURNING id`,
  ).get(source, autoKey, a.start, a.end, a.text, a.tag, a.clusterId, a.jobId, a.vertexId, a.pinned ? 1 : 0, now, now)!;
  return getAnnotation(db, info.id)!;
}

export function updateAnnotation(db: Db, id: number, patch: AnnotationPatch, now: EpochMs): Annotation {
  const current = getAnnotation(db, id);
  if (current === null) throw new SessionFileError('invalid-input', `no annotation ${id}`);
  const next = { ...current, ...patch };
  checkSpan(next.start, next.end);
  prepare(
    db,
    'UPDATE annotations SET start_ts = ?, end_ts = ?, text = ?, tag = ?, vertex_id = ?, pinned = ?, updated_ts = ? WHERE id = ?',
  ).run(next.start, next.end, next.text, next.tag, next.vertexId, next.pinned ? 1 : 0, now, id);
  return getAnnotation(db, id)!;
}

export function deleteAnnotation(db: Db, id: number): boolean {
  return prepare(db, 'DELETE FROM annotations WHERE id = ?').run(id).changes > 0;
}
