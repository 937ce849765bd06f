// Copies of a session: a full consistent snapshot (works while the recorder keeps writing), and a
// slice holding only a time range that is itself a valid session. Both write to a temporary name
// and rename, so the destination never holds a half-written file.

import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { hasAnnotations } from './annotations';
import { SessionFileError, toSessionError } from './errors';
import { decodeFrame, encodeFrame, metricExponent, type CodecState, type FrameColumn } from './frame-codec';
import { hasTable } from './migrate';
import { openChecked } from './open';
import type { EpochMs } from '../../shared/time';

function vacuumInto(srcPath: string, destPath: string): string {
  if (existsSync(destPath)) throw new SessionFileError('exists', `${destPath} already exists; choose another file name`, destPath);
  const tmp = `${destPath}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  const src = openChecked(srcPath);
  try {
    src.prepare('VACUUM INTO ?').run(tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw toSessionError(err, destPath, 'copying to');
  } finally {
    src.close();
  }
  return tmp;
}

/** Writes a consistent snapshot of `srcPath` (including what is committed so far) to `destPath`. */
export function saveCopy(srcPath: string, destPath: string): void {
  renameSync(vacuumInto(srcPath, destPath), destPath);
}

/**
 * Writes a session holding only [from, to] of `srcPath`. Metadata (clusters, jobs, vertex
 * versions, edge sets, placements) as of `from` is kept so the slice replays on its own; the
 * first frame of each vertex inside the range is re-encoded as a key frame.
 */
export function exportSlice(srcPath: string, destPath: string, from: EpochMs, to: EpochMs): void {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to)) || to < from) {
    throw new SessionFileError('invalid-input', `invalid slice range ${from}..${to}`);
  }
  const tmp = vacuumInto(srcPath, destPath);
  try {
    const db = new Database(tmp);
    try {
      db.transaction(() => {
        rekeyFirstFrames(db, from, to);
        db.prepare('DELETE FROM vertex_frames WHERE ts < ? OR ts > ?').run(from, to);
        for (const table of ['ticks', 'vertex_summaries', 'vertex_aggregates', 'taskmanager_frames', 'events']) {
          db.prepare(`DELETE FROM ${table} WHERE ts < ? OR ts > ?`).run(from, to);
        }
        db.prepare('DELETE FROM checkpoints WHERE trigger_ts > ? OR end_ts < ?').run(to, from);
        db.prepare('DELETE FROM gc_windows WHERE start_ts > ? OR end_ts < ?').run(to, from);
        if (hasTable(db, 'gc_collector_windows')) db.prepare('DELETE FROM gc_collector_windows WHERE start_ts > ? OR end_ts < ?').run(to, from);
        if (hasAnnotations(db)) db.prepare('DELETE FROM annotations WHERE start_ts > ? OR coalesce(end_ts, start_ts) < ?').run(to, from);
        // History after the slice is irrelevant; the latest state at or before `from` is kept.
        db.prepare('DELETE FROM placements WHERE ts > ? OR ts < (SELECT coalesce(max(ts), ?) FROM placements x WHERE x.vertex_ref = placements.vertex_ref AND x.ts <= ?)').run(to, from, from);
        db.prepare('DELETE FROM vertex_versions WHERE ts > ? OR ts < (SELECT coalesce(max(ts), ?) FROM vertex_versions x WHERE x.vertex_ref = vertex_versions.vertex_ref AND x.ts <= ?)').run(to, from, from);
        db.prepare(
          'DELETE FROM edge_sets WHERE ts > ? OR ts < (SELECT coalesce(max(ts), ?) FROM edge_sets x WHERE x.cluster_id = edge_sets.cluster_id AND x.job_id = edge_sets.job_id AND x.ts <= ?)',
        ).run(to, from, from);
      })();
      db.exec('VACUUM');
    } finally {
      db.close();
    }
    renameSync(tmp, destPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw toSessionError(err, destPath, 'writing slice');
  }
}

/** The first frame of each vertex at or after `from` may be a delta on a frame being dropped. */
function rekeyFirstFrames(db: Database.Database, from: number, to: number): void {
  const exps = new Map((db.prepare("SELECT id, name FROM metrics WHERE scope = 'subtask'").all() as Array<{ id: number; name: string }>).map((r) => [r.id, metricExponent(r.name)]));
  const firsts = db
    .prepare('SELECT vertex_ref AS ref, min(ts) AS ts FROM vertex_frames WHERE ts BETWEEN ? AND ? GROUP BY vertex_ref')
    .all(from, to) as Array<{ ref: number; ts: number }>;
  const update = db.prepare('UPDATE vertex_frames SET key = 1, data = ? WHERE vertex_ref = ? AND ts = ?');
  for (const { ref, ts } of firsts) {
    const keyTs = (db.prepare('SELECT max(ts) AS ts FROM vertex_frames WHERE vertex_ref = ? AND key = 1 AND ts <= ?').get(ref, ts) as { ts: number | null }).ts;
    if (keyTs === ts) continue;
    const rows = db.prepare('SELECT key, data FROM vertex_frames WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts').all(ref, keyTs ?? ts, ts) as Array<{
      key: number;
      data: Buffer;
    }>;
    let state: CodecState | null = null;
    let last: ReturnType<typeof decodeFrame> | null = null;
    for (const row of rows) {
      last = decodeFrame(row.data, row.key === 1 ? null : state);
      state = last.state;
    }
    if (last === null) continue;
    const columns: FrameColumn[] = [...last.columns].map(([metricId, values]) => ({ metricId, exp: exps.get(metricId) ?? null, values }));
    update.run(encodeFrame(last.parallelism, columns, null).data, ref, ts);
  }
}
