// Copies of a session: a full consistent snapshot (works while the recorder keeps writing), and a
// slice holding only a time range that is itself a valid session. Both write to a temporary name
// and rename, so the destination never holds a half-written file.

import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { EpochMs } from '../../shared/time';
import { SessionFileError, toSessionError } from './errors';
import { decodeFrame, encodeFrame, metricExponent, type CodecState, type FrameColumn } from './frame-codec';
import { openChecked } from './open';
import { subtaskMetricNames } from './sql/catalog';
import { firstFrames, frameRows, lastKeyFrameTs, replaceWithKeyFrame } from './sql/frames';
import { hasTable, type Db } from './sql/statements';
import { HISTORY_TABLES, TIME_SERIES_TABLES } from './tables';

function vacuumInto(srcPath: string, destPath: string): string {
  if (existsSync(destPath))
    throw new SessionFileError('exists', `${destPath} already exists; choose another file name`, destPath);
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
        cutToRange(db, from, to);
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

/**
 * Deletes what lies outside [from, to]: rows of other instants, windows that do not overlap it,
 * and history after it or replaced before it (the state in force at `from` is kept).
 */
function cutToRange(db: Db, from: number, to: number): void {
  for (const t of TIME_SERIES_TABLES) {
    if (!hasTable(db, t.name)) continue;
    if ('at' in t.time) db.prepare(`DELETE FROM ${t.name} WHERE ${t.time.at} < ? OR ${t.time.at} > ?`).run(from, to);
    else db.prepare(`DELETE FROM ${t.name} WHERE ${t.time.start} > ? OR ${t.time.end} < ?`).run(to, from);
  }
  for (const h of HISTORY_TABLES) {
    const sameOwner = h.owner.map((c) => `x.${c} = ${h.name}.${c}`).join(' AND ');
    db.prepare(
      `DELETE FROM ${h.name} WHERE ts > ? OR ts < (SELECT coalesce(max(ts), ?) FROM ${h.name} x WHERE ${sameOwner} AND x.ts <= ?)`,
    ).run(to, from, from);
  }
}

/** The first frame of each vertex at or after `from` may be a delta on a frame being dropped. */
function rekeyFirstFrames(db: Db, from: number, to: number): void {
  const exps = new Map(subtaskMetricNames(db).map((r) => [r.id, metricExponent(r.name)]));
  for (const { ref, ts } of firstFrames(db, from, to)) {
    const keyTs = lastKeyFrameTs(db, ref, ts);
    if (keyTs === ts) continue;
    let state: CodecState | null = null;
    let last: ReturnType<typeof decodeFrame> | null = null;
    for (const row of frameRows(db, ref, keyTs ?? ts, ts)) {
      last = decodeFrame(row.data, row.key === 1 ? null : state);
      state = last.state;
    }
    if (last === null) continue;
    const columns: FrameColumn[] = [...last.columns].map(([metricId, values]) => ({
      metricId,
      exp: exps.get(metricId) ?? null,
      values,
    }));
    replaceWithKeyFrame(db, ref, ts, encodeFrame(last.parallelism, columns, null).data);
  }
}
