// Opens a session file after checking, without writing a byte, that it is one this build can
// read: exists, is SQLite, is Backflow's, is not newer, its migrations are unedited, and it passes
// PRAGMA quick_check. Every failure is a SessionFileError with one line a user can act on.

import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fileSystemError, SessionFileError, toSessionError } from './errors';
import { verifyApplied } from './migrate';
import { APPLICATION_ID, FORMAT_VERSION, MIGRATIONS, type Migration } from './schema';
import { errorText } from '../../shared/error-text';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads the first bytes without going through SQLite, so a foreign file is never touched by it. */
function checkFileShape(path: string): void {
  const head = Buffer.alloc(100);
  let size: number;
  let n: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new SessionFileError('foreign', `${path} is a folder, not a session file`, path);
    if (!st.isFile()) throw new SessionFileError('foreign', `${path} is not a file`, path);
    size = st.size;
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, head, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof SessionFileError) throw err;
    throw (
      fileSystemError(err, path) ??
      new SessionFileError('io', `cannot read ${path}: ${errorText(err)}`, path, { cause: err })
    );
  }
  const magicLen = Math.min(n, SQLITE_MAGIC.length);
  const magicMatches = n > 0 && head.subarray(0, magicLen).equals(SQLITE_MAGIC.subarray(0, magicLen));
  if (!magicMatches || size === 0)
    throw new SessionFileError('foreign', `${path} is not a Backflow session (not a SQLite file)`, path);
  if (n < 100) throw new SessionFileError('corrupt', `session file ${path} is truncated (${size} bytes)`, path);
}

/**
 * The first line of PRAGMA quick_check that says what is wrong: its report starts with a header
 * naming the schema ("*** in database main ***") before the findings ("Page 5: …").
 */
export function quickCheckProblem(report: string): string {
  const lines = report
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\*\*\* in database \S+ \*\*\*$/.test(l));
  return lines[0] ?? report.trim();
}

/**
 * Files up to this size get a full PRAGMA quick_check on open (≈0.2 s). Above it, the check
 * leaves out the per-tick tables (each frame's blob and summary: nearly all of a long session's
 * pages; a 24 h `large` session's 1.1 GB took 3.5–13.6 s and 64 MB to check). A damaged page in
 * those tables is reported as damage when it is read (SQLite checks each page it reads, see
 * errors.ts); a truncated file is refused by SQLite itself on the first read (its header says how
 * many pages it holds).
 */
export const FULL_CHECK_BYTES = 64 * 1024 * 1024;
/** The tables with a row per vertex and tick. */
const PER_TICK_TABLES = new Set(['vertex_frames', 'vertex_summaries']);

export interface OpenOptions {
  /** Skip PRAGMA quick_check (used when re-opening a file this process just checked). */
  skipQuickCheck?: boolean;
  /** Largest file checked whole (default FULL_CHECK_BYTES; tests lower it). */
  fullCheckBytes?: number;
  /** For tests of older formats and of tamper detection. */
  migrations?: readonly Migration[];
}

/** Opens read-only and validates; the caller owns the returned connection. */
export function openChecked(path: string, options: OpenOptions = {}): Database.Database {
  checkFileShape(path);
  const migrations = options.migrations ?? MIGRATIONS;
  const formatVersion = migrations[migrations.length - 1]?.id ?? FORMAT_VERSION;
  // Reading a WAL-mode file makes SQLite create -wal/-shm beside it; when we refuse the file,
  // remove the ones we caused so a refused file's directory is left exactly as it was.
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new SessionFileError(
        'not-session',
        `${path} is a SQLite database of another application, not a Backflow session`,
        path,
      );
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > formatVersion) {
      throw new SessionFileError(
        'newer-format',
        `${path} was written by a newer Backflow (format ${version}); this version reads up to ${formatVersion}`,
        path,
      );
    }
    if (version < 1) throw new SessionFileError('corrupt', `session file ${path} has no schema`, path);
    verifyApplied(db, path, migrations);
    if (!options.skipQuickCheck) quickCheck(db, path, options.fullCheckBytes ?? FULL_CHECK_BYTES);
    return db;
  } catch (err) {
    db?.close();
    for (const p of sidecars) rmSync(p, { force: true });
    throw toSessionError(err, path, 'opening');
  }
}

function quickCheck(db: Database.Database, path: string, fullCheckBytes: number): void {
  const size = statSync(path).size;
  const run = (pragma: string): void => {
    // Every row: the first one of a damaged file is only the report's header.
    const rows = db.pragma(pragma) as Array<Record<string, string>>;
    const result = rows.map((r) => Object.values(r)[0]).join('\n');
    if (result !== 'ok')
      throw new SessionFileError('corrupt', `session file ${path} is damaged (${quickCheckProblem(result)})`, path);
  };
  if (size <= fullCheckBytes) return run('quick_check(20)');
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck(true)
    .all() as string[];
  for (const t of tables) if (!PER_TICK_TABLES.has(t)) run(`quick_check(${JSON.stringify(t)})`);
}
