// Evidence captured while recording (format 5+): flame graphs and thread dumps, one row each, the
// answer deflated as JSON in `blob`. Lists never read blobs; one blob is read by its id.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EvidenceEntry, EvidenceKind, EvidenceStatus, FlameGraphType } from '../../../shared/evidence';
import type { NewEvidence } from '../types';
import { hasTable, prepare, type Db } from './statements';

export const hasEvidence = (db: Db): boolean => hasTable(db, 'evidence');

export function insertEvidence(db: Db, e: NewEvidence, level: number): void {
  const blob = e.data === null ? null : deflateRawSync(Buffer.from(JSON.stringify(e.data)), { level });
  prepare(
    db,
    `INSERT INTO evidence (cluster_id, ts, job_id, vertex_id, subtasks, task_manager_id, kind, type, status, note, blob)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.clusterId,
    e.ts,
    e.jobId,
    e.vertexId,
    e.subtasks === null ? null : JSON.stringify(e.subtasks),
    e.taskManagerId,
    e.kind,
    e.type,
    e.status,
    e.note,
    blob,
  );
}

interface EvidenceRow {
  id: number;
  cluster_id: number;
  ts: number;
  job_id: string | null;
  vertex_id: string | null;
  subtasks: string | null;
  task_manager_id: string | null;
  kind: EvidenceKind;
  type: FlameGraphType | null;
  status: EvidenceStatus;
  note: string | null;
  bytes: number;
}

function evidenceFromRow(r: EvidenceRow): EvidenceEntry {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    ts: r.ts,
    jobId: r.job_id,
    vertexId: r.vertex_id,
    subtasks: r.subtasks === null ? null : (JSON.parse(r.subtasks) as number[]),
    taskManagerId: r.task_manager_id,
    kind: r.kind,
    type: r.type,
    status: r.status,
    note: r.note,
    bytes: r.bytes,
  };
}

/** Every piece of evidence in time order, without blobs (empty for files before format 5). */
export function listEvidence(db: Db): EvidenceEntry[] {
  if (!hasEvidence(db)) return [];
  return prepare<EvidenceRow>(
    db,
    `SELECT id, cluster_id, ts, job_id, vertex_id, subtasks, task_manager_id, kind, type, status, note,
            coalesce(length(blob), 0) AS bytes
     FROM evidence ORDER BY ts, id`,
  )
    .all()
    .map(evidenceFromRow);
}

/** The captured answer of one piece of evidence (a FlameGraph or ThreadDump); null without one. */
export function evidenceData(db: Db, id: number): unknown {
  if (!hasEvidence(db)) return null;
  const row = prepare<{ blob: Buffer | null }>(db, 'SELECT blob FROM evidence WHERE id = ?').get(id);
  return row?.blob ? (JSON.parse(inflateRawSync(row.blob).toString('utf8')) as unknown) : null;
}
